import type { MessagingLogger } from '../../model/logger';
import { PRIORITIES, Priority } from '../../model/message';
import type { Database } from '../../database/database';
import { DatabaseStatements, databaseStatements } from '../../database/database-statements';
import { RabbitMqStatsStatements, rabbitMqStatsStatements } from './stats-statements';

/** How the statistics are kept. */
export interface RabbitMqStatsOptions {
  instanceId: string;
  /** How often this instance adds its counts to PostgreSQL. */
  flushIntervalMs: number;
  /** Enqueue counts are kept this long (the oldest backlog whose age can be told). */
  enqueueRetentionMs: number;
}

interface EnqueueBucket {
  queue: string;
  priority: Priority;
  second: number;
  messages: number;
  firstDueMs: number;
  lastDueMs: number;
}

/** Cleanup runs this often; each run deletes at most a minute's worth of rows per instance and queue. */
const CLEANUP_INTERVAL_MS = 60_000;

/**
 * The depth figures of RabbitMQ queues that AMQP cannot give (no management API here): every
 * instance counts in memory what it enqueued (per second the messages become due) and what it
 * holds, and adds those counts to PostgreSQL every `flushIntervalMs`, one statement per kind.
 * The broker supplies the ready counts; with the enqueue counts they tell the oldest message's age.
 * Settled attempts are counted by the library's queue statistics, like every transport's.
 */
export class RabbitMqStats {
  private enqueued = new Map<string, EnqueueBucket>();
  private readonly held = new Map<string, number>();
  private readonly heldDirty = new Set<string>();
  private flushed: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private cleanupTimer: NodeJS.Timeout | undefined;
  private readonly statements: RabbitMqStatsStatements & DatabaseStatements;

  constructor(
    private readonly database: Database,
    private readonly options: RabbitMqStatsOptions,
    private readonly logger: MessagingLogger,
  ) {
    this.statements = { ...rabbitMqStatsStatements(database.schema), ...databaseStatements(database.schema) };
  }

  start(): void {
    this.flushTimer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.flushTimer.unref();
    this.cleanupTimer = setInterval(() => void this.cleanup(), CLEANUP_INTERVAL_MS);
    this.cleanupTimer.unref();
  }

  /** A message was put into a work queue (confirmed), due at `dueAtMs`. */
  recordEnqueued(queue: string, priority: Priority, dueAtMs: number): void {
    const second = Math.floor(dueAtMs / 1_000);
    const key = `${queue}|${priority}|${second}`;
    const bucket = this.enqueued.get(key);
    if (bucket) {
      bucket.messages += 1;
      bucket.firstDueMs = Math.min(bucket.firstDueMs, dueAtMs);
      bucket.lastDueMs = Math.max(bucket.lastDueMs, dueAtMs);
    } else {
      this.enqueued.set(key, { queue, priority, second, messages: 1, firstDueMs: dueAtMs, lastDueMs: dueAtMs });
    }
  }

  /** This instance now holds `delta` more (or fewer) messages of `queue`. */
  recordHeld(queue: string, delta: number): void {
    this.held.set(queue, (this.held.get(queue) ?? 0) + delta);
    this.heldDirty.add(queue);
  }

  /** Messages of `queue` this instance holds now. */
  heldNow(queue: string): number {
    return this.held.get(queue) ?? 0;
  }

  /**
   * Messages of `queue` held by every live instance. `heldBefore` is this instance's count taken
   * before the caller read the queue depths: a message is either counted there, or was settled, or
   * is back in its queue.
   */
  async heldEverywhere(queue: string, heldBefore: number): Promise<number> {
    await this.flush();
    const [row] = await this.database.query<{ others_held: number }>(this.statements['rabbitmq-queue-stats'], [
      queue,
      this.options.instanceId,
      this.staleAfterMs(),
    ]);
    return row.others_held + Math.max(heldBefore, this.heldNow(queue));
  }

  /** How long the oldest of the queue's ready messages (`ready[priority]`) has been due. */
  async oldestPendingAgeMs(queue: string, ready: Readonly<Record<Priority, number>>): Promise<number> {
    if (PRIORITIES.every((priority) => ready[priority] === 0)) {
      return 0;
    }
    await this.flush();
    const [row] = await this.database.query<{ oldest_pending_age_ms: number }>(this.statements['rabbitmq-oldest-pending'], [
      queue,
      [...PRIORITIES],
      PRIORITIES.map((priority) => ready[priority]),
    ]);
    return Math.max(0, Math.round(row.oldest_pending_age_ms));
  }

  /** Writes what is left and removes this instance's held counts. */
  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.cleanupTimer);
    await this.flush();
    await this.database.query(this.statements['rabbitmq-forget-instance'], [this.options.instanceId]).catch(() => undefined);
  }

  /**
   * Adds the counts gathered so far to PostgreSQL. Flushes run one after another, and each call
   * gets one that starts after it was made, so a caller's own counts are in when it resolves.
   */
  flush(): Promise<void> {
    this.flushed = this.flushed.then(() => this.write());
    return this.flushed;
  }

  private async write(): Promise<void> {
    const enqueued = [...this.enqueued.values()];
    this.enqueued = new Map();
    // Held counts are refreshed every flush while non-zero: their age tells a live instance from a dead one.
    const heldQueues = [...this.held].filter(([queue, count]) => count !== 0 || this.heldDirty.has(queue)).map(([queue]) => queue);
    this.heldDirty.clear();
    const instance = this.options.instanceId;
    try {
      await Promise.all([
        enqueued.length === 0
          ? undefined
          : this.database.query(this.statements['rabbitmq-record-enqueued'], [
              JSON.stringify(
                enqueued.map((b) => ({
                  queue_name: b.queue,
                  priority: b.priority,
                  due_second: new Date(b.second * 1_000).toISOString(),
                  instance_id: instance,
                  messages: b.messages,
                  first_due_at: new Date(b.firstDueMs).toISOString(),
                  last_due_at: new Date(b.lastDueMs).toISOString(),
                })),
              ),
            ]),
        heldQueues.length === 0
          ? undefined
          : this.database.query(this.statements['rabbitmq-record-held'], [
              heldQueues,
              instance,
              heldQueues.map((queue) => this.held.get(queue) ?? 0),
            ]),
      ]);
    } catch (error) {
      // Counts are statistics, not messages: losing one second of them is logged, never retried forever.
      this.logger.warn({ err: (error as Error).message }, 'could not record RabbitMQ queue statistics; health figures miss this interval');
    }
  }

  private async cleanup(): Promise<void> {
    try {
      await this.database.withTransaction(async (client) => {
        const lock = await client.query<{ locked: boolean }>(this.statements['try-cleanup-lock'], [this.database.schema]);
        if (lock.rows[0].locked) {
          await client.query(this.statements['rabbitmq-cleanup-stats'], [this.options.enqueueRetentionMs, this.staleAfterMs() * 100]);
        }
      });
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'RabbitMQ statistics cleanup failed; will retry');
    }
  }

  /**
   * An instance that missed three flushes (at least 5 s: instances may flush at other intervals)
   * is taken for gone, and its held count no longer counts.
   */
  private staleAfterMs(): number {
    return Math.max(this.options.flushIntervalMs * 3, 5_000);
  }
}
