/**
 * Terminology
 *
 * - queue:        a named stream of work with its own SLA and retry policy (`notifications`,
 *                 `track_trace`). Application code names queues, never transports.
 * - transport:    what stores and moves a queue's messages: `postgres` (a table claimed with
 *                 SKIP LOCKED, woken by LISTEN/NOTIFY) or `rabbitmq` (confirm channel, quorum queues).
 * - message:      one unit of work: a type, a JSON payload and delivery metadata. Its id is a UUID
 *                 that stays the same across retries, relays and redeliveries.
 * - attempt:      one run of a handler on a message, counted from 1. `maxRetries` counts retries
 *                 after the first attempt, so a message gets at most `1 + maxRetries` attempts.
 * - due:          the moment a message may first be handled (`createdAt + delayMs`, or the time a
 *                 retry was scheduled for). Latencies are measured from due, not from creation.
 * - claim/lease:  a consumer holds a message for `leaseMs`, kept alive while it is buffered or
 *                 running. A lease that is not renewed (the process died) expires and the message
 *                 becomes claimable again: at-least-once delivery.
 * - settlement:   what happens to a held message after its attempt: ack, retry (rescheduled with
 *                 backoff), dead letter (parked with its error), or release (given back unstarted).
 * - dead letter:  a message that exhausted its retries or was rejected by its handler. It is kept
 *                 with its last error and attempt count, and can be inspected, replayed or purged.
 * - inbox:        a per-consumer record of handled message ids, written in the handler's own
 *                 transaction, so a redelivered message has its effects once.
 */

/** 0 normal, 1 high, 2 critical (the customer's scale). Higher is handled first under backlog. */
export type Priority = 0 | 1 | 2;

/** The priorities in the order a backlog is drained. */
export const PRIORITIES: readonly Priority[] = [2, 1, 0];

/** Free-form string metadata that travels with a message (AMQP headers on RabbitMQ). */
export type MessageHeaders = Record<string, string>;

/** What a caller publishes: the queue, the message type and its JSON payload. */
export interface PublishInput<TPayload = unknown> {
  queue: string;
  type: string;
  payload: TPayload;
}

/** Per-message options, from the customer's `PublishOptions` plus what scheduling needs. */
export interface PublishOptions {
  /** 0 normal (default), 1 high, 2 critical. */
  priority?: number;
  /** Retries after the first attempt; defaults to the queue's retry policy. */
  maxRetries?: number;
  /** Base delay of this message's retries; defaults to the queue's `retry.baseDelayMs`. */
  retryDelayMs?: number;
  /** Ties the message to a business flow; carried to the handler and to derived messages. */
  correlationId?: string;
  tenantId?: string;
  /** ISO 3166 alpha-2 or alpha-3 code, upper case. */
  countryCode?: string;
  /** The message is not handled before `delayMs` from now. */
  delayMs?: number;
  /** A UUID chosen by the caller: publishing the same id twice stores the message once. */
  messageId?: string;
  headers?: MessageHeaders;
  /** Kept from the customer's options for clarity; Tenaz always waits for durability, so only `true` is accepted. */
  requireAcknowledgment?: boolean;
  /** Kept from the customer's options for clarity; messages are always persistent, so only `true` is accepted. */
  persistToDisk?: boolean;
}

/** The outcome of a publish: `delivered` once durable (committed or broker-confirmed). */
export interface PublishResult {
  messageId: string;
  status: 'delivered' | 'queued' | 'failed';
  /** True when a message with this id was already stored: nothing new was written. */
  duplicate?: boolean;
  /** Why a publish failed. */
  error?: string;
}

/** A validated message, ready for a transport to store. Built only by `buildOutgoingMessage`. */
export interface OutgoingMessage {
  id: string;
  queue: string;
  type: string;
  payload: unknown;
  /** The payload serialised once, so transports and size checks agree on the bytes. */
  payloadJson: string;
  priority: Priority;
  headers: MessageHeaders;
  correlationId: string | null;
  tenantId: string | null;
  countryCode: string | null;
  delayMs: number;
  maxRetries: number;
  retryDelayMs: number | null;
  createdAt: Date;
  /**
   * Set when the caller chose the id (`messageId`): only such an id can already be stored, so
   * only such a message needs the store's duplicate check (a generated id is a random UUID).
   */
  callerChosenId?: true;
}

/** What a handler receives. */
export interface Message<TPayload = unknown> {
  id: string;
  queue: string;
  type: string;
  payload: TPayload;
  priority: Priority;
  /** 1 on the first attempt. */
  attempt: number;
  correlationId: string | null;
  tenantId: string | null;
  countryCode: string | null;
  headers: MessageHeaders;
  createdAt: Date;
}

/**
 * What a handler returns. Nothing (or `'ack'`) on success; `{ retryInMs }` to be tried again after
 * that long (it still counts against `maxRetries`); `{ deadLetter }` to park the message now.
 * A thrown error is retried by the queue's policy, then dead-lettered.
 */
export type ProcessResult = void | undefined | 'ack' | { retryInMs: number } | { deadLetter: string };

/** The second argument of a handler. */
export interface HandlerContext<TTransaction = unknown> {
  /**
   * Aborted when the message is no longer this consumer's (its lease was lost: `LeaseLostError`;
   * the outcome will not be recorded) and when the consumer stops and its drain timeout has passed
   * (`ConsumerStoppedError`). Long handlers should pass it on (to fetch, to provider calls).
   */
  signal: AbortSignal;
  /** With an inbox: the transaction the inbox record is written in; write the handler's effects here. */
  transaction: TTransaction | undefined;
}

/** A message handler. */
export type MessageHandler<TPayload = unknown, TTransaction = unknown> = (
  message: Message<TPayload>,
  context: HandlerContext<TTransaction>,
) => Promise<ProcessResult> | ProcessResult;
