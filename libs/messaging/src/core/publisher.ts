import { buildOutgoingMessage } from './build-outgoing-message';
import { MessagingClosedError, MessagingError, PublishFailedError } from '../model/errors';
import type { MessagingLogger } from '../model/logger';
import type { OutgoingMessage, PublishInput, PublishOptions, PublishResult } from '../model/message';
import type { ResolvedQueue, TransportName } from '../model/messaging-options';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import { assertInTransaction } from '../database/sql-executor';
import type { Transport } from '../transport/transport.interface';

/** One entry of `publishMany`: a message and its own options. */
export type PublishManyEntry<TPayload = unknown> = PublishInput<TPayload> & { options?: PublishOptions };

/** What the publisher needs from `createMessaging`. */
export interface PublisherDependencies {
  queues: ReadonlyMap<string, ResolvedQueue>;
  transportFor: (transport: TransportName) => Transport;
  metrics: MessagingMetrics;
  logger: MessagingLogger;
  isClosed: () => boolean;
}

/**
 * Publishes messages. Input is validated before anything is written (typed errors). `publish`
 * resolves `delivered` only once the message is durable: committed in PostgreSQL or confirmed by
 * RabbitMQ; a store or broker failure resolves `failed` with the reason, never a silent success.
 */
export class Publisher {
  constructor(private readonly deps: PublisherDependencies) {}

  async publish<TPayload>(input: PublishInput<TPayload>, options?: PublishOptions): Promise<PublishResult> {
    this.ensureOpen();
    const message = buildOutgoingMessage(input, options, this.deps.queues);
    const [result] = await this.store([message]);
    return result;
  }

  /**
   * Publishes a batch in as few writes as possible. Every entry is validated first; one bad entry
   * rejects the call and stores nothing. Entries for queues on one transport are stored
   * all-or-nothing; the results keep the input's order.
   */
  async publishMany(entries: readonly PublishManyEntry[]): Promise<PublishResult[]> {
    this.ensureOpen();
    const now = new Date();
    const messages = entries.map((entry) => buildOutgoingMessage(entry, entry.options, this.deps.queues, now));
    return this.store(messages);
  }

  /**
   * Writes the message inside the caller's transaction (a pg client after BEGIN, or a TypeORM
   * EntityManager from `dataSource.transaction`), so it commits or rolls back with the caller's
   * own writes. Resolves `queued`: the message exists once the caller commits. A failure throws,
   * so the caller's transaction fails with it. Consumers are woken after the commit.
   */
  async publishTransactional<TPayload>(input: PublishInput<TPayload>, executor: unknown, options?: PublishOptions): Promise<PublishResult> {
    const [result] = await this.publishManyTransactional([{ ...input, options }], executor);
    return result;
  }

  /** `publishTransactional` for a batch: one write per transport, in the caller's transaction. */
  async publishManyTransactional(entries: readonly PublishManyEntry[], executor: unknown): Promise<PublishResult[]> {
    this.ensureOpen();
    assertInTransaction(executor);
    const now = new Date();
    const messages = entries.map((entry) => buildOutgoingMessage(entry, entry.options, this.deps.queues, now));
    const duplicates = new Set<string>();
    for (const [name, batch] of this.byTransport(messages)) {
      const transport = this.deps.transportFor(name);
      try {
        const written = await transport.publishInTransaction(batch, executor);
        written.duplicates.forEach((id) => duplicates.add(id));
        this.countPublished(batch, written.duplicates, name);
      } catch (error) {
        if (error instanceof MessagingError) {
          throw error;
        }
        throw new PublishFailedError(batch[0].queue, (error as Error).message, { cause: error });
      }
    }
    return messages.map((message) => ({
      messageId: message.id,
      status: 'queued',
      ...(duplicates.has(message.id) ? { duplicate: true } : {}),
    }));
  }

  private async store(messages: OutgoingMessage[]): Promise<PublishResult[]> {
    const byTransport = this.byTransport(messages);
    const results = new Map<string, PublishResult>();
    await Promise.all(
      [...byTransport].map(async ([name, batch]) => {
        const transport = this.deps.transportFor(name);
        try {
          const { duplicates } = await transport.publish(batch);
          for (const message of batch) {
            const duplicate = duplicates.has(message.id);
            results.set(message.id, { messageId: message.id, status: 'delivered', ...(duplicate ? { duplicate } : {}) });
          }
          this.countPublished(batch, duplicates, name);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          this.deps.logger.warn({ transport: name, count: batch.length, err: reason }, 'publish failed');
          for (const message of batch) {
            results.set(message.id, { messageId: message.id, status: 'failed', error: reason });
          }
        }
      }),
    );
    return messages.map((message) => results.get(message.id) as PublishResult);
  }

  private byTransport(messages: OutgoingMessage[]): Map<TransportName, OutgoingMessage[]> {
    const byTransport = new Map<TransportName, OutgoingMessage[]>();
    for (const message of messages) {
      const name = this.queueOf(message).transport;
      const batch = byTransport.get(name);
      if (batch) {
        batch.push(message);
      } else {
        byTransport.set(name, [message]);
      }
    }
    return byTransport;
  }

  private countPublished(batch: OutgoingMessage[], duplicates: ReadonlySet<string>, transport: TransportName): void {
    const perQueue = new Map<string, number>();
    for (const message of batch) {
      if (!duplicates.has(message.id)) {
        perQueue.set(message.queue, (perQueue.get(message.queue) ?? 0) + 1);
      }
    }
    perQueue.forEach((count, queue) => this.deps.metrics.published(queue, transport, count));
  }

  private queueOf(message: OutgoingMessage): ResolvedQueue {
    return this.deps.queues.get(message.queue) as ResolvedQueue;
  }

  private ensureOpen(): void {
    if (this.deps.isClosed()) {
      throw new MessagingClosedError();
    }
  }
}
