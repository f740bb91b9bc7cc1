/**
 * @tenaz/messaging: reliable messaging with pluggable transports.
 * The public API and nothing else; see design.md §3 for the contract.
 */
export { createMessaging } from './core/create-messaging';
export type { Messaging } from './core/create-messaging';
export type { DeadLetters } from './core/dead-letters';
export { Publisher } from './core/publisher';
export type { PublishManyEntry } from './core/publisher';
export { Consumer } from './core/consumer';
export type { ConsumeOptions, ConsumerHandle } from './core/consumer';
export type { DeadLetterHook } from './core/delivery-runner';
export { PRIORITIES } from './model/message';
export type {
  HandlerContext,
  Message,
  MessageHandler,
  MessageHeaders,
  Priority,
  ProcessResult,
  PublishInput,
  PublishOptions,
  PublishResult,
} from './model/message';
export { QUEUE_NAME_PATTERN, TRANSPORT_NAMES } from './model/messaging-options';
export { rabbitmqNodes } from './model/rabbitmq-nodes';
export { HEADER_LIMITS } from './model/header-limits';
export type { MessagingOptions, MetricsOptions, QueueOptions, ResolvedQueue, TransportName } from './model/messaging-options';
export type { LatencyPercentiles, QueueHealth, QueueState } from './model/queue-health';
export type { QueueHistoryBucket } from './model/queue-history';
export { retryDelayMs } from './model/retry-policy';
export type { Backoff, RetryPolicy } from './model/retry-policy';
export { DEAD_LETTER_REASONS } from './core/settlement-for';
export { deterministicMessageId } from './model/deterministic-message-id';
export type { MessagingLogger } from './model/logger';
export * from './model/errors';
export type { InboxOptions } from './core/inbox';
export type { SqlExecutor } from './database/sql-executor';
export type { DeadLetter } from './transport/transport.interface';
export type { FailedOutboxRow, OutboxBacklog, OutboxQueueBacklog } from './outbox/outbox-operations';
export { matchesDeadLetter } from './model/dead-letter-selector';
export type { DeadLetterFilter, DeadLetterSelector } from './model/dead-letter-selector';
export { selectTransport } from './transport/select-transport';
export type { TransportPolicy } from './transport/select-transport';
export { WriteCombiner } from './transports/postgres/write-combiner';
export type { WriteCombinerOptions } from './transports/postgres/write-combiner';
export { isDataError } from './database/data-error';
