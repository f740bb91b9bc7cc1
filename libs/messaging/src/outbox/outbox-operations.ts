import type { Database } from '../database/database';
import { DatabaseStatements, databaseStatements } from '../database/database-statements';
import { OutboxStatements, outboxStatements } from './outbox-statements';
import { OUTBOX_WAKE_PAYLOAD } from './outbox-writer';

/** An outbox row that used up its relay attempts, as an operator sees it. */
export interface FailedOutboxRow {
  id: string;
  queue: string;
  aggregateId: string;
  type: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** The outbox rows of one destination queue not yet sent. */
export interface OutboxQueueBacklog {
  queue: string;
  /** Waiting for a relay (or for an earlier row of their aggregate). */
  pending: number;
  /** Parked after every relay attempt failed; they wait for `retryFailed`. */
  failed: number;
  /** How long the oldest pending row has waited since it was written; 0 with none. */
  oldestPendingAgeMs: number;
}

/** What the outbox holds unsent: totals, and per queue (only queues with unsent rows). */
export interface OutboxBacklog {
  pending: number;
  failed: number;
  oldestPendingAgeMs: number;
  queues: OutboxQueueBacklog[];
}

/**
 * Operator access to the transactional outbox: rows that failed every relay attempt (an
 * unroutable queue, a broker that refused them) wait as `failed`, still blocking the later rows
 * of their aggregate so order holds, until they are retried here.
 */
export class OutboxOperations {
  private readonly statements: OutboxStatements & DatabaseStatements;

  constructor(
    private readonly database: Database,
    /** The LISTEN/NOTIFY channel of this schema's outbox relays. */
    private readonly channel: string,
  ) {
    this.statements = { ...outboxStatements(database.schema), ...databaseStatements(database.schema) };
  }

  /** What waits unsent, per destination queue. */
  async backlog(): Promise<OutboxBacklog> {
    const rows = await this.database.query<{ queue_name: string; pending: number; failed: number; oldest_pending_age_ms: number }>(
      this.statements['outbox-backlog'],
    );
    const queues = rows.map((row) => ({
      queue: row.queue_name,
      pending: row.pending,
      failed: row.failed,
      oldestPendingAgeMs: Math.round(row.oldest_pending_age_ms),
    }));
    return {
      pending: queues.reduce((sum, queue) => sum + queue.pending, 0),
      failed: queues.reduce((sum, queue) => sum + queue.failed, 0),
      oldestPendingAgeMs: queues.reduce((oldest, queue) => Math.max(oldest, queue.oldestPendingAgeMs), 0),
      queues,
    };
  }

  /** Failed rows, newest first. */
  async listFailed(options: { limit?: number; offset?: number } = {}): Promise<FailedOutboxRow[]> {
    const rows = await this.database.query<{
      id: string;
      queue_name: string;
      aggregateid: string;
      type: string;
      retry_count: number;
      last_error: string | null;
      created_at: Date;
    }>(this.statements['outbox-list-failed'], [options.limit ?? 100, options.offset ?? 0]);
    return rows.map((row) => ({
      id: row.id,
      queue: row.queue_name,
      aggregateId: row.aggregateid,
      type: row.type,
      attempts: row.retry_count,
      lastError: row.last_error,
      createdAt: row.created_at,
    }));
  }

  /** Gives failed rows (all, or the given ids) a fresh set of attempts, due now. Returns how many. */
  async retryFailed(selector: { ids?: readonly string[] } = {}): Promise<number> {
    const rows = await this.database.query(this.statements['outbox-retry-failed'], [selector.ids ?? null]);
    if (rows.length > 0) {
      await this.database.query(this.statements['notify-queues'], [this.channel, [OUTBOX_WAKE_PAYLOAD]]);
    }
    return rows.length;
  }
}
