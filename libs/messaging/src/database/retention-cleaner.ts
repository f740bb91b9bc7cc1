import { escapeIdentifier } from 'pg';
import type { MessagingLogger } from '../model/logger';
import type { Database } from './database';
import { DatabaseStatements, databaseStatements } from './database-statements';

const VACUUM_INTERVAL_MS = 30_000;

/** How often cleanup runs and how much one transaction deletes. */
export interface RetentionCleanerOptions {
  cleanupIntervalMs: number;
  cleanupBatchSize: number;
}

/**
 * One kind of row past its retention, registered by the room that owns the table (finished queue
 * messages, inbox records). `statement` deletes at most one batch, oldest first, and returns one
 * row per row deleted; its last parameter is the batch size, after `parameters`.
 */
export interface RetentionTask {
  /** For logs. */
  name: string;
  statement: string;
  parameters: readonly unknown[];
}

/**
 * Deletes what the library's tables keep only for a while, in batches, so the tables and their
 * indexes stay the size of their retention window however long the system runs. Each batch is a
 * short transaction of its own (no long locks, vacuum keeps up) and only one process per schema
 * cleans at a time; the others skip their turn.
 */
export class RetentionCleaner {
  private readonly tasks: RetentionTask[] = [];
  private readonly statements: DatabaseStatements;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Set on the first pass: the tables this cleaner must vacuum itself (autovacuum is off for the server, or for them). */
  private vacuumTables: string[] | undefined;
  private lastVacuumAt = 0;

  constructor(
    private readonly database: Database,
    private readonly options: RetentionCleanerOptions,
    private readonly logger: MessagingLogger,
  ) {
    this.statements = databaseStatements(database.schema);
  }

  /** Adds a kind of row to clean on every pass. */
  register(task: RetentionTask): void {
    this.tasks.push(task);
  }

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
    for (const task of this.tasks) {
      deleted += await this.drain(task);
    }
    if (deleted > 0) {
      this.logger.debug({ deleted }, 'retention cleanup');
    }
    await this.vacuumIfAutovacuumIsOff();
    return deleted;
  }

  /**
   * Every claim, ack and cleanup leaves dead row versions; without vacuum the table and its
   * indexes grow without bound even though live rows stay few (measured: 92 MB after 10 minutes at
   * 200 msg/s, against 9 MB with a VACUUM every 30 s). Where the server runs with autovacuum off,
   * the cleaner vacuums the library's tables itself (and, where it is on, those of them a table
   * setting excludes from it), at most every 30 s; SKIP_LOCKED lets a
   * vacuum already running elsewhere win instead of queueing behind it.
   */
  private async vacuumIfAutovacuumIsOff(): Promise<void> {
    const schema = this.database.schema;
    if (this.vacuumTables === undefined) {
      const [setting] = await this.database.query<{ on: boolean }>(`SELECT current_setting('autovacuum') = 'on' AS on`);
      // With autovacuum on, a table can still opt out (`ALTER TABLE … SET (autovacuum_enabled = false)`): it bloats the same way.
      const tables = await this.database.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind = 'r'
           AND (NOT $2::boolean OR EXISTS (SELECT 1 FROM pg_options_to_table(c.reloptions) o WHERE o.option_name = 'autovacuum_enabled' AND NOT o.option_value::boolean))
         ORDER BY 1`,
        [schema, setting.on],
      );
      this.vacuumTables = tables.map((table) => `${escapeIdentifier(schema)}.${escapeIdentifier(table.name)}`);
      if (!setting.on) {
        this.logger.warn({ schema }, 'autovacuum is off on this server; the retention cleaner vacuums the messaging tables itself');
      } else if (tables.length > 0) {
        this.logger.warn(
          { schema, tables: tables.map((table) => table.name) },
          'autovacuum is off for some messaging tables; the retention cleaner vacuums them itself',
        );
      }
    }
    if (this.vacuumTables.length === 0 || Date.now() - this.lastVacuumAt < VACUUM_INTERVAL_MS) {
      return;
    }
    this.lastVacuumAt = Date.now();
    await this.database.command(`VACUUM (SKIP_LOCKED) ${this.vacuumTables.join(', ')}`);
  }

  private async drain(task: RetentionTask): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.database.withTransaction(async (client) => {
        const lock = await client.query<{ locked: boolean }>(this.statements['try-cleanup-lock'], [this.database.schema]);
        if (!lock.rows[0].locked) {
          return -1;
        }
        const result = await client.query(task.statement, [...task.parameters, this.options.cleanupBatchSize]);
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
