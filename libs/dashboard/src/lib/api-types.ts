/**
 * The answers of the admin API (`/admin/api`) the dashboard reads. They mirror the views in
 * `@tenaz/service-kit`'s admin module; the e2e tests of that module hold the two together.
 */

export type QueueState = 'ok' | 'breaching' | 'stuck' | 'idle';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface QueueView {
  queue: string;
  transport: string;
  slaMs: number;
  state: QueueState;
  reason: string;
  pending: number;
  processing: number;
  deadLettered: number;
  oldestPendingAgeMs: number;
  failureRate: number;
  windowMs: number;
  throughput: { publishedPerSecond: number; completedPerSecond: number };
  processingMs: Percentiles;
  endToEndMs: Percentiles;
}

export interface QueuesAnswer {
  count: number;
  queues: QueueView[];
}

export interface HistoryBucket {
  at: string;
  published: number;
  completed: number;
  failed: number;
  deadLettered: number;
  endToEndMs: Percentiles;
  processingMs: Percentiles;
  /** The latest depth sample in the bucket; null when none was taken. */
  depth: { pending: number; processing: number; deadLettered: number; oldestPendingAgeMs: number } | null;
}

export interface HistoryAnswer {
  queue: string;
  windowMs: number;
  bucketMs: number;
  count: number;
  buckets: HistoryBucket[];
}

export interface DeadLetterView {
  id: string;
  queue: string;
  type: string;
  priority: number;
  attempts: number;
  reason: string;
  lastError: string | null;
  tenantId: string | null;
  correlationId: string | null;
  countryCode: string | null;
  createdAt: string;
  deadLetteredAt: string;
}

export interface DeadLetterDetail extends DeadLetterView {
  payload: unknown;
  headers: Record<string, string>;
}

export interface DeadLettersAnswer {
  queue: string;
  total: number;
  count: number;
  limit: number;
  offset: number;
  deadLetters: DeadLetterView[];
}

export interface DeadLetterFilter {
  type?: string;
  tenantId?: string;
  olderThanMs?: number;
  newerThanMs?: number;
}

export interface OutboxQueueBacklog {
  queue: string;
  pending: number;
  failed: number;
  oldestPendingAgeMs: number;
}

export interface FailedOutboxRowView {
  id: string;
  queue: string;
  aggregateId: string;
  type: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface OutboxAnswer {
  backlog: { pending: number; failed: number; oldestPendingAgeMs: number; queues: OutboxQueueBacklog[] };
  failed: { total: number; count: number; rows: FailedOutboxRowView[] };
}
