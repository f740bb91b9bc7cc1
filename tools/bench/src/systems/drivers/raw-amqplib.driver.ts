import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { BenchPayload } from '../../core/workload';
import { SYSTEMS } from '../catalog';
import type { QueueDriver, RunningConsumer, Sandbox } from '../driver';

/** The same rule as Tenaz's default prefetch (8 per handler, at least 10), so both buffer alike. */
export const defaultPrefetch = (concurrency: number) => Math.max(10, 8 * concurrency);

/**
 * The raw RabbitMQ baseline: a durable quorum queue of its own, persistent mandatory publishes
 * on a confirm channel (awaited one at a time, or a batch then `waitForConfirms`), and a consumer
 * channel with manual acks and Tenaz's default prefetch for the same concurrency. Nagle's
 * algorithm off, as Tenaz has it.
 */
export class RawAmqplibDriver implements QueueDriver {
  readonly system = SYSTEMS['raw-amqplib'];
  private connection?: ChannelModel;
  private publisher?: ConfirmChannel;
  private queue = '';

  async setup(sandbox: Sandbox): Promise<void> {
    this.queue = `raw.${sandbox.queue}`;
    this.connection = await amqp.connect(sandbox.rabbitmqUrl, { noDelay: true });
    this.publisher = await this.connection.createConfirmChannel();
    await this.publisher.assertQueue(this.queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  }

  private publish(message: BenchPayload): Promise<void> {
    return new Promise((resolve, reject) =>
      this.publisher!.publish(
        '',
        this.queue,
        Buffer.from(JSON.stringify(message)),
        { persistent: true, mandatory: true, messageId: randomUUID(), contentType: 'application/json' },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }

  async enqueueOne(message: BenchPayload): Promise<void> {
    await this.publish(message);
  }

  async enqueueBatch(messages: readonly BenchPayload[]): Promise<void> {
    await Promise.all(messages.map((message) => this.publish(message)));
  }

  async startConsumer(concurrency: number, onMessage: (message: BenchPayload) => void): Promise<RunningConsumer> {
    const channel: Channel = await this.connection!.createChannel();
    await channel.prefetch(defaultPrefetch(concurrency));
    const { consumerTag } = await channel.consume(this.queue, (message) => {
      if (message) {
        onMessage(JSON.parse(message.content.toString()));
        channel.ack(message);
      }
    });
    return {
      stop: async () => {
        await channel.cancel(consumerTag);
        await channel.close();
      },
    };
  }

  async teardown(): Promise<void> {
    await this.publisher?.deleteQueue(this.queue).catch(() => undefined);
    await this.connection?.close();
  }
}
