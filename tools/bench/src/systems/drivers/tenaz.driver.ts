import { createMessaging, type Messaging, type TransportName } from '@tenaz/messaging';
import type { SystemInfo } from '../../core/scenario';
import { quietLogger } from '../../core/quiet-logger';
import { PUBLISH_OPTIONS, publishInput, type BenchPayload } from '../../core/workload';
import { SYSTEMS } from '../catalog';
import type { QueueDriver, RunningConsumer, Sandbox } from '../driver';

/** Messages per publishMany in a prefill (the batch size). */
const PREFILL_BATCH = 1_000;

/**
 * Tenaz through its public API only: createMessaging with the sandbox's queue on `transport`
 * (track_trace's SLA and retry policy), publish / publishMany, consume with the asked
 * concurrency and the library's default prefetch. Everything else is the library's default.
 */
export class TenazDriver implements QueueDriver {
  readonly system: SystemInfo;
  private messaging?: Messaging;
  private queue = '';

  constructor(private readonly transport: TransportName) {
    this.system = transport === 'postgres' ? SYSTEMS['tenaz-postgres'] : SYSTEMS['tenaz-rabbitmq'];
  }

  async setup(sandbox: Sandbox): Promise<void> {
    this.queue = sandbox.queue;
    this.messaging = await createMessaging({
      postgres: { connectionString: sandbox.databaseUrl, schema: sandbox.schema },
      ...(this.transport === 'rabbitmq' ? { rabbitmq: { url: sandbox.rabbitmqUrl } } : {}),
      queues: {
        [sandbox.queue]: {
          slaMs: 10_000,
          transport: this.transport,
          retry: { backoff: 'linear', maxRetries: 10, baseDelayMs: 500, maxDelayMs: 120_000 },
        },
      },
      logger: quietLogger,
    });
  }

  async enqueueOne(message: BenchPayload): Promise<void> {
    const result = await this.messaging!.publisher.publish({ ...publishInput(undefined, this.queue), payload: message }, PUBLISH_OPTIONS);
    if (result.status !== 'delivered') {
      throw new Error(`publish failed: ${result.error}`);
    }
  }

  async enqueueBatch(messages: readonly BenchPayload[]): Promise<void> {
    const results = await this.messaging!.publisher.publishMany(
      messages.map((message) => ({ ...publishInput(undefined, this.queue), payload: message, options: PUBLISH_OPTIONS })),
    );
    const failed = results.find((result) => result.status !== 'delivered');
    if (failed) {
      throw new Error(`publishMany failed: ${failed.error}`);
    }
  }

  async prefill(count: number): Promise<void> {
    for (let offset = 0; offset < count; offset += PREFILL_BATCH) {
      const size = Math.min(PREFILL_BATCH, count - offset);
      await this.enqueueBatch(Array.from({ length: size }, () => publishInput(undefined, this.queue).payload as BenchPayload));
    }
  }

  async startConsumer(concurrency: number, onMessage: (message: BenchPayload) => void): Promise<RunningConsumer> {
    const handle = await this.messaging!.consumer.consume<BenchPayload>(this.queue, (message) => onMessage(message.payload), {
      concurrency,
    });
    return {
      stop: () => handle.stop(),
      acknowledged: () => {
        const { retried, deadLettered, failedToSettle } = handle.counts;
        if (retried + deadLettered + failedToSettle > 0) {
          throw new Error(`tenaz settled something other than acks: ${JSON.stringify(handle.counts)}`);
        }
        return handle.counts.acked;
      },
    };
  }

  async teardown(): Promise<void> {
    await this.messaging?.close();
  }
}
