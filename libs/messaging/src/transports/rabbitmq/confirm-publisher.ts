import type { ConfirmChannel, Message as AmqpMessage, Options } from 'amqplib';
import type { MessagingLogger } from '../../model/logger';
import type { AmqpConnection } from './amqp-connection';
import { ConfirmFailedError } from './confirm-failed.error';
import { ManagedChannel } from './managed-channel';

/** A caller still waiting for its publish's outcome. */
interface Waiter {
  deadline: number;
  resolve: () => void;
  reject: (error: ConfirmFailedError) => void;
}

/**
 * One publish written to the channel whose confirm has not arrived. It outlives its caller's
 * deadline (`waiter` gone) until the broker confirms it or the channel closes, so that a late
 * `basic.return` is matched to this attempt and never to a later publish of the same message id.
 */
interface Unconfirmed {
  messageId: string;
  /** The broker returned it unroutable; its confirm, which follows the return, fails it. */
  returned: boolean;
  /** When its caller gave up; undefined while the caller waits. */
  expiredAt: number | undefined;
  waiter: Waiter | undefined;
}

/** A confirm this much later than its deadline is not coming: the attempt is forgotten (a bound on the bookkeeping). */
const FORGET_AFTER_DEADLINES = 10;

/**
 * Publishes on a confirm channel with many messages in flight: each publish resolves once the
 * broker confirms that message (for quorum queues: replicated and fsynced), and rejects with a
 * {@link ConfirmFailedError} when it is returned unroutable (publishes are always mandatory),
 * nacked, the connection is blocked by a resource alarm, the message cannot be encoded, it is
 * not confirmed within the timeout, or its channel closes first. The timeout runs from the call:
 * waiting for the socket to drain counts, so every publish settles within `confirmTimeoutMs`
 * (plus one sweep, at most a quarter of it) whatever the broker does. Nothing is buffered in
 * memory across a reconnect: a publish while disconnected fails at once, loudly.
 */
export class ConfirmPublisher {
  private readonly channel: ManagedChannel<ConfirmChannel>;
  /** By publish sequence, in publish order (a Map keeps insertion order). */
  private readonly unconfirmed = new Map<number, Unconfirmed>();
  /** Callers waiting for the socket to drain before they write. */
  private readonly draining = new Set<Waiter & { write: () => void }>();
  private sequence = 0;
  private socketFull = false;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly options: { name: string; confirmTimeoutMs: number },
    private readonly logger: MessagingLogger,
  ) {
    this.channel = new ManagedChannel<ConfirmChannel>(
      connection,
      { name: options.name, confirm: true, setup: (channel) => this.setUp(channel) },
      logger,
    );
    this.channel.onLost(() => this.channelLost());
  }

  async start(): Promise<void> {
    await this.channel.start();
    this.sweeper = setInterval(() => this.expire(), Math.min(1_000, Math.max(10, Math.floor(this.options.confirmTimeoutMs / 4))));
    this.sweeper.unref();
  }

  /** True while the confirm channel is open (blocked or not). */
  get connected(): boolean {
    return this.channel.current !== undefined;
  }

  /** True while the confirm channel is open and the broker does not block its connection. */
  get ready(): boolean {
    return this.channel.current !== undefined && this.connection.blocked === undefined;
  }

  /** The broker's reason while it blocks the publishing connection (a resource alarm). */
  get blocked(): string | undefined {
    return this.connection.blocked;
  }

  /** Publishes written and not yet confirmed, callers who gave up included (for tests and tools). */
  get inFlight(): number {
    return this.unconfirmed.size;
  }

  /** Publishes waiting for the socket to drain before they write (for tests and tools). */
  get waitingToWrite(): number {
    return this.draining.size;
  }

  /** Publishes one message (persistent and mandatory, as `options` must say) and resolves once the broker confirmed it. */
  publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish & { messageId: string; mandatory: true; persistent: true },
  ): Promise<void> {
    const deadline = Date.now() + this.options.confirmTimeoutMs;
    return new Promise<void>((resolve, reject) => {
      const blocked = this.connection.blocked;
      if (blocked !== undefined) {
        // The broker reads nothing from a blocked connection: fail now (spilled to the outbox
        // when configured) rather than hold the caller, and its locks, until the deadline.
        reject(new ConfirmFailedError('blocked', `RabbitMQ blocks publishing (${blocked})`));
        return;
      }
      const waiter: Waiter = { deadline, resolve, reject };
      const write = () => this.write(exchange, routingKey, content, options, waiter);
      if (this.socketFull) {
        // The socket buffer is full: wait (bounded memory, and within the deadline) rather than pile up more frames.
        this.draining.add({ ...waiter, write });
        return;
      }
      write();
    });
  }

  /** Fails every publish still waiting for a confirm, then closes the channel. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.channel.close();
    this.failAll('the publisher closed before the broker confirmed');
  }

  private write(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish & { messageId: string },
    waiter: Waiter,
  ): void {
    const channel = this.channel.current;
    if (!channel) {
      waiter.reject(new ConfirmFailedError('unavailable', 'RabbitMQ is not connected'));
      return;
    }
    const sequence = ++this.sequence;
    this.unconfirmed.set(sequence, { messageId: options.messageId, returned: false, expiredAt: undefined, waiter });
    try {
      const writable = channel.publish(exchange, routingKey, content, options, (error: Error | null) => this.confirmed(sequence, error));
      if (!writable && !this.socketFull) {
        this.socketFull = true;
        this.logger.debug({ channel: this.options.name }, 'publishing faster than the socket drains; waiting');
      }
    } catch (error) {
      this.unconfirmed.delete(sequence);
      // amqplib throws before writing anything when the channel is closing, or when it cannot
      // encode the message (a header table over its 64 KiB buffer, a header name over 255 bytes).
      const closing = this.channel.current !== channel || /clos/i.test((error as Error).message);
      waiter.reject(
        closing
          ? new ConfirmFailedError('unavailable', `could not publish: ${(error as Error).message}`)
          : new ConfirmFailedError('unpublishable', `the message cannot be sent to RabbitMQ: ${(error as Error).message}`),
      );
    }
  }

  private async setUp(channel: ConfirmChannel): Promise<void> {
    channel.on('return', (message: AmqpMessage) => this.returnedMessage(String(message.properties.messageId)));
    channel.on('drain', () => this.drain());
  }

  /**
   * A `basic.return` precedes the confirm of the publish it belongs to, and the broker handles a
   * channel's publishes in order: it belongs to the oldest unconfirmed, not yet returned publish
   * of that message id, whether its caller still waits or not.
   */
  private returnedMessage(messageId: string): void {
    for (const entry of this.unconfirmed.values()) {
      if (entry.messageId === messageId && !entry.returned) {
        entry.returned = true;
        return;
      }
    }
  }

  private confirmed(sequence: number, error: Error | null): void {
    const entry = this.unconfirmed.get(sequence);
    if (!entry) {
      return;
    }
    this.unconfirmed.delete(sequence);
    const waiter = entry.waiter;
    if (!waiter) {
      return;
    }
    if (error) {
      const closed = /closed/i.test(error.message);
      waiter.reject(
        closed
          ? new ConfirmFailedError('unavailable', 'the channel closed before the broker confirmed the message')
          : new ConfirmFailedError('nacked', 'the broker refused the message (basic.nack)'),
      );
      return;
    }
    if (entry.returned) {
      waiter.reject(new ConfirmFailedError('unroutable', 'unroutable: no queue is bound for it (mandatory publish returned)'));
      return;
    }
    waiter.resolve();
  }

  private channelLost(): void {
    this.failAll('the channel closed before the broker confirmed the message');
  }

  private failAll(reason: string): void {
    const waiting = [...this.unconfirmed.values()].map((entry) => entry.waiter);
    const draining = [...this.draining];
    this.unconfirmed.clear();
    this.draining.clear();
    this.socketFull = false;
    for (const waiter of [...waiting, ...draining]) {
      waiter?.reject(new ConfirmFailedError('unavailable', reason));
    }
  }

  private expire(): void {
    const now = Date.now();
    const timeout = () =>
      new ConfirmFailedError(
        'timeout',
        `no confirm from the broker within ${this.options.confirmTimeoutMs} ms; the message may or may not be stored`,
      );
    for (const waiter of this.draining) {
      if (waiter.deadline <= now) {
        this.draining.delete(waiter);
        waiter.reject(timeout());
      }
    }
    const forgetBefore = now - FORGET_AFTER_DEADLINES * this.options.confirmTimeoutMs;
    for (const [sequence, entry] of this.unconfirmed) {
      if (entry.waiter && entry.waiter.deadline <= now) {
        const waiter = entry.waiter;
        entry.waiter = undefined;
        entry.expiredAt = now;
        waiter.reject(timeout());
      } else if (entry.expiredAt !== undefined && entry.expiredAt < forgetBefore) {
        this.unconfirmed.delete(sequence);
      }
    }
  }

  /** The socket drained: those waiting write, in the order they came, until it fills again. */
  private drain(): void {
    this.socketFull = false;
    for (const waiter of this.draining) {
      if (this.socketFull) {
        return;
      }
      this.draining.delete(waiter);
      waiter.write();
    }
  }
}
