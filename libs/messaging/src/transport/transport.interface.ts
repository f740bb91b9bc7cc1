import type { LeaseLostError } from '../model/errors';
import type { Message, OutgoingMessage } from '../model/message';
import type { ResolvedQueue, TransportName } from '../model/messaging-options';
import type { RetentionTask } from '../database/retention-cleaner';
import type { SqlExecutor } from '../database/sql-executor';
import type { DeadLetterSelector } from '../model/dead-letter-selector';
import type { QueueDepth } from '../model/queue-health';

export type { DeadLetterSelector };

/**
 * A message a transport handed to a consumer. `handle` is the transport's own reference (a row
 * claim, an AMQP delivery tag); the core never looks inside it.
 */
export interface Delivery {
  message: Message;
  maxRetries: number;
  /** Per-message base retry delay, when the publisher set one. */
  retryDelayMs: number | null;
  /** When the message first became due; end-to-end latency is measured from here. */
  dueAt: Date;
  readonly handle: unknown;
}

/** What becomes of a held delivery. `release` gives it back without counting the attempt. */
export type Settlement =
  | { kind: 'ack' }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'dead-letter'; reason: string; error: string | null }
  | { kind: 'release' };

/** How a subscription fetches. */
export interface SubscribeOptions {
  /** Most deliveries held (buffered or running) at once. */
  prefetch: number;
  /**
   * Told when the transport learns that a held delivery is no longer this consumer's: its lease
   * was reclaimed elsewhere, or the channel that delivered it closed. Its settlement will be
   * refused with `LeaseLostError`.
   */
  onLost?: (delivery: Delivery, reason: LeaseLostError) => void;
}

/** A live subscription. */
export interface Subscription {
  /** Stops fetching. Deliveries already handed over stay held (and their leases alive) until settled. */
  stop(): Promise<void>;
}

/**
 * What a transport keeps only for a while (dead letters): it registers their cleanup here, and
 * one cleaner per process runs every room's cleanup in batches.
 */
export interface TransportRetention {
  register(task: RetentionTask): void;
  /** How long dead letters are kept; `null` keeps them until replayed or purged. */
  deadLetteredMs: number | null;
  /** How long rows of `debezium` queues stay in their outbox table. */
  debeziumOutboxMs: number;
}

/** A dead-lettered message as an operator sees it. */
export interface DeadLetter {
  id: string;
  queue: string;
  type: string;
  payload: unknown;
  headers: Record<string, string>;
  priority: number;
  attempts: number;
  reason: string;
  lastError: string | null;
  correlationId: string | null;
  tenantId: string | null;
  countryCode: string | null;
  createdAt: Date;
  deadLetteredAt: Date;
}

/**
 * The seam between the framework-free core and a store or broker. A transport owns its
 * connections and exposes no driver types. The core does everything transport-neutral: validation,
 * retry policy, concurrency, the inbox. A transport only stores, hands over and settles.
 */
export interface Transport {
  readonly name: TransportName;
  /** Prepares storage or topology for these queues (idempotent), then connects. */
  start(queues: readonly ResolvedQueue[]): Promise<void>;
  /** Stores messages durably; resolves once durable. `duplicate` lists ids that were already stored. */
  publish(messages: readonly OutgoingMessage[]): Promise<{ duplicates: ReadonlySet<string> }>;
  /** Writes messages inside the caller's open transaction; they become visible when it commits. */
  publishInTransaction(messages: readonly OutgoingMessage[], executor: SqlExecutor): Promise<{ duplicates: ReadonlySet<string> }>;
  /** Starts handing the queue's messages to `onDelivery`, at most `prefetch` held at once. */
  subscribe(queue: ResolvedQueue, options: SubscribeOptions, onDelivery: (delivery: Delivery) => void): Promise<Subscription>;
  /** Settles a held delivery; resolves once the settlement is recorded, rejects with `LeaseLostError` when it is no longer held. */
  settle(delivery: Delivery, settlement: Settlement): Promise<void>;
  /** The queue's backlog and held messages now (rates and latencies come from the library's statistics). */
  depth(queue: ResolvedQueue): Promise<QueueDepth>;
  /** The selected dead letters, newest first (by when they were dead-lettered), one page of them. */
  listDeadLetters(queue: string, options: { limit: number; offset: number } & DeadLetterSelector): Promise<DeadLetter[]>;
  /** How many dead letters the selector matches. */
  countDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number>;
  /** Puts dead letters back on their queue unchanged, with a fresh retry budget. Returns how many. */
  replayDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number>;
  /** Deletes dead letters for good. Returns how many. */
  purgeDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number>;
  /** True when the transport's connections answer. */
  ping(): Promise<boolean>;
  /** Releases every connection; subscriptions must be stopped and settled first. */
  close(): Promise<void>;
}
