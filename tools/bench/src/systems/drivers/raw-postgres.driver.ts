import { Pool, escapeIdentifier } from 'pg';
import { sleep } from '../../core/timing';
import { createRawQueueTable, rawClaimAndDelete, rawInsertMany, rawInsertOne, rawPrefill, type BenchPayload } from '../../core/workload';
import { SYSTEMS } from '../catalog';
import type { QueueDriver, RunningConsumer, Sandbox } from '../driver';

/** Rows a raw consumer connection claims and deletes per statement. */
const CLAIM_BATCH = 100;
/** How long an idle raw consumer waits before claiming again (the backlog is empty or locked). */
const IDLE_POLL_MS = 5;

/**
 * The raw SQL baseline: a prepared single-row or multi-row INSERT, and consumers that each loop
 * on one connection claiming and deleting 100 rows with SKIP LOCKED (the delete is the ack).
 */
export class RawPostgresDriver implements QueueDriver {
  readonly system = SYSTEMS['raw-postgres'];
  private pool?: Pool;
  private sandbox?: Sandbox;

  async setup(sandbox: Sandbox): Promise<void> {
    this.sandbox = sandbox;
    this.pool = new Pool({ connectionString: sandbox.databaseUrl, max: 17, options: `-c search_path=${sandbox.schema}` });
    this.pool.on('error', () => undefined);
    const { rowCount } = await this.pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [sandbox.schema]);
    if (rowCount === 0) {
      await this.pool.query(`CREATE SCHEMA ${escapeIdentifier(sandbox.schema)}`);
      await createRawQueueTable(this.pool);
    }
  }

  async enqueueOne(message: BenchPayload): Promise<void> {
    await this.pool!.query(rawInsertOne(message, this.sandbox!.queue));
  }

  async enqueueBatch(messages: readonly BenchPayload[]): Promise<void> {
    await this.pool!.query(rawInsertMany(messages, this.sandbox!.queue));
  }

  async prefill(count: number): Promise<void> {
    await rawPrefill(this.pool!, count, this.sandbox!.queue);
  }

  async startConsumer(concurrency: number, onMessage: (message: BenchPayload) => void): Promise<RunningConsumer> {
    const consumers = new Pool({
      connectionString: this.sandbox!.databaseUrl,
      max: concurrency,
      options: `-c search_path=${this.sandbox!.schema}`,
    });
    consumers.on('error', () => undefined);
    let stopping = false;
    const loops = Array.from({ length: concurrency }, async () => {
      const client = await consumers.connect();
      try {
        while (!stopping) {
          const { rows } = await client.query(rawClaimAndDelete(CLAIM_BATCH, this.sandbox!.queue));
          rows.forEach((row) => onMessage(row.payload));
          if (rows.length === 0) {
            await sleep(IDLE_POLL_MS);
          }
        }
      } finally {
        client.release();
      }
    });
    return {
      stop: async () => {
        stopping = true;
        await Promise.all(loops);
        await consumers.end();
      },
    };
  }

  async teardown(): Promise<void> {
    await this.pool?.end();
  }
}
