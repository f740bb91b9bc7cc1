import type { MessagingLogger } from '../../core/logger';
import type { Database } from './database';
import type { Statements } from './sql-statements';

/** How long finished work is kept, and how cleanup paces itself. */
export interface RetentionOptions {
  completedMs: number;
  /** `null` keeps dead letters until they are replayed or purged. */
  deadLetteredMs: number | null;
  inboxMs: number;
  cleanupIntervalMs: number;
  cleanupBatchSize: number;
}

/**
 * Deletes completed messages, expired dead letters and old inbox records in batches, so the
 * tables and their indexes stay the size of the retention window however long the system runs.
 * Each batch is a short transaction of its own (no long locks, vacuum keeps up) and only one
 * process per schema cleans at a time.
 */
export class RetentionCleaner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly database: Database,
    private readonly statements: Statements,
    private readonly schema: string,
    private readonly queues: readonly string[],
    private readonly options: RetentionOptions,
    private readonly logger: MessagingLogger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .then(() => undefined)
        .catch((error) => this.logger.warn({ err: (error as Error).message }, 'retention cleanup failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.options.cleanupIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One full pass; returns how many rows it deleted. */
  async runOnce(): Promise<number> {
    let deleted = 0;
    for (const queue of this.queues) {
      deleted += await this.drain(this.statements['cleanup-finished'], [queue, 'completed', this.options.completedMs]);
      if (this.options.deadLetteredMs !== null) {
        deleted += await this.drain(this.statements['cleanup-finished'], [queue, 'failed', this.options.deadLetteredMs]);
      }
    }
    deleted += await this.drain(this.statements['cleanup-inbox'], [this.options.inboxMs]);
    if (deleted > 0) {
      this.logger.debug({ deleted }, 'retention cleanup');
    }
    return deleted;
  }

  private async drain(statement: string, parameters: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.database.withTransaction(async (client) => {
        const lock = await client.query<{ locked: boolean }>(this.statements['try-cleanup-lock'], [this.schema]);
        if (!lock.rows[0].locked) {
          return -1;
        }
        const result = await client.query(statement, [...parameters, this.options.cleanupBatchSize]);
        return result.rowCount ?? 0;
      });
      if (count < 0) {
        return total;
      }
      total += count;
      if (count < this.options.cleanupBatchSize) {
        return total;
      }
    }
  }
}
