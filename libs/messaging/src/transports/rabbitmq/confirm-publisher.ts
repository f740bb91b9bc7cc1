import type { ConfirmChannel, Message as AmqpMessage, Options } from 'amqplib';
import type { MessagingLogger } from '../../model/logger';
import type { AmqpConnection } from './amqp-connection';
import { ConfirmFailedError } from './confirm-failed.error';
import { ManagedChannel } from './managed-channel';

interface PendingConfirm {
  messageId: string;
  deadline: number;
  resolve: () => void;
  reject: (error: ConfirmFailedError) => void;
}

/**
 * Publishes on a confirm channel with many messages in flight: each publish resolves once the
 * broker confirms that message (for quorum queues: replicated and fsynced), and rejects with a
 * {@link ConfirmFailedError} when it is returned unroutable (publishes are always mandatory),
 * nacked, not confirmed within the timeout, or its channel closes first. Nothing is buffered in
 * memory across a reconnect: a publish while disconnected fails at once, loudly.
 */
export class ConfirmPublisher {
  private readonly channel: ManagedChannel<ConfirmChannel>;
  private readonly pending = new Map<number, PendingConfirm>();
  /** Message ids returned unroutable whose confirm has not arrived yet (the return comes first). */
  private readonly returned = new Map<string, number>();
  private sequence = 0;
  private drained: Promise<void> | undefined;
  private releaseDrain: (() => void) | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    connection: AmqpConnection,
    private readonly options: { name: string; confirmTimeoutMs: number },
    private readonly logger: MessagingLogger,
  ) {
    this.channel = new ManagedChannel<ConfirmChannel>(connection, { name: options.name, confirm: true, setup: (channel) => this.setUp(channel) }, logger);
    this.channel.onLost(() => this.channelLost());
  }

  async start(): Promise<void> {
    await this.channel.start();
    // Confirms arrive in publish order per queue, so the oldest pending publish expires first.
    this.sweeper = setInterval(() => this.expire(), Math.min(1_000, Math.max(10, Math.floor(this.options.confirmTimeoutMs / 4))));
    this.sweeper.unref();
  }

  /** True while the confirm channel is open. */
  get ready(): boolean {
    return this.channel.current !== undefined;
  }

  /** Publishes one message (persistent and mandatory, as `options` must say) and resolves once the broker confirmed it. */
  async publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish & { messageId: string; mandatory: true; persistent: true }): Promise<void> {
    if (this.drained) {
      // The socket buffer is full: wait (bounded memory) rather than pile up more frames.
      await this.drained;
    }
    const channel = this.channel.current;
    if (!channel) {
      throw new ConfirmFailedError('unavailable', 'RabbitMQ is not connected');
    }
    return new Promise<void>((resolve, reject) => {
      const sequence = ++this.sequence;
      this.pending.set(sequence, { messageId: options.messageId, deadline: Date.now() + this.options.confirmTimeoutMs, resolve, reject });
      try {
        const writable = channel.publish(exchange, routingKey, content, options, (error: Error | null) => this.confirmed(sequence, error));
        if (!writable) {
          this.waitForDrain();
        }
      } catch (error) {
        // amqplib throws when the channel is closing or a header table exceeds its 64 KiB buffer.
        this.pending.delete(sequence);
        reject(new ConfirmFailedError('unavailable', `could not publish: ${(error as Error).message}`));
      }
    });
  }

  /** Fails every publish still waiting for a confirm, then closes the channel. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.channel.close();
    this.failAll('unavailable', 'the publisher closed before the broker confirmed');
  }

  private async setUp(channel: ConfirmChannel): Promise<void> {
    channel.on('return', (message: AmqpMessage) => {
      const id = String(message.properties.messageId);
      this.returned.set(id, (this.returned.get(id) ?? 0) + 1);
    });
    channel.on('drain', () => this.drain());
  }

  private confirmed(sequence: number, error: Error | null): void {
    const pending = this.pending.get(sequence);
    if (!pending) {
      return;
    }
    this.pending.delete(sequence);
    if (error) {
      const closed = /closed/i.test(error.message);
      pending.reject(
        closed
          ? new ConfirmFailedError('unavailable', 'the channel closed before the broker confirmed the message')
          : new ConfirmFailedError('nacked', 'the broker refused the message (basic.nack)'),
      );
      return;
    }
    const returns = this.returned.get(pending.messageId);
    if (returns) {
      if (returns === 1) {
        this.returned.delete(pending.messageId);
      } else {
        this.returned.set(pending.messageId, returns - 1);
      }
      pending.reject(new ConfirmFailedError('unroutable', 'unroutable: no queue is bound for it (mandatory publish returned)'));
      return;
    }
    pending.resolve();
  }

  private channelLost(): void {
    this.failAll('unavailable', 'the channel closed before the broker confirmed the message');
    this.returned.clear();
    this.drain();
  }

  private failAll(failure: 'unavailable', reason: string): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const pending of waiting) {
      pending.reject(new ConfirmFailedError(failure, reason));
    }
  }

  private expire(): void {
    const now = Date.now();
    for (const [sequence, pending] of this.pending) {
      if (pending.deadline > now) {
        return;
      }
      this.pending.delete(sequence);
      pending.reject(new ConfirmFailedError('timeout', `no confirm from the broker within ${this.options.confirmTimeoutMs} ms; the message may or may not be stored`));
    }
  }

  private waitForDrain(): void {
    if (!this.drained) {
      this.drained = new Promise<void>((resolve) => (this.releaseDrain = resolve));
      this.logger.debug({ channel: this.options.name }, 'publishing faster than the socket drains; waiting');
    }
  }

  private drain(): void {
    const release = this.releaseDrain;
    this.drained = undefined;
    this.releaseDrain = undefined;
    release?.();
  }
}
