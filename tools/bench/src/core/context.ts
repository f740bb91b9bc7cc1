import { Client, Pool, escapeIdentifier } from 'pg';
import { createMessaging, type Messaging, type MessagingOptions } from '@tenaz/messaging';
import { quietLogger } from './quiet-logger';
import type { BenchSettings } from './settings';
import { createRawQueueTable } from './workload';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

/** The database the benchmarks use: `TENAZ_BENCH_DATABASE_URL`, else the local `test` database. */
export function databaseUrl(): string {
  return process.env['TENAZ_BENCH_DATABASE_URL'] || DEFAULT_DATABASE_URL;
}

let schemaCounter = 0;

/** A schema name of our own: unique per process and run, and valid for the library's schema option. */
export function freshSchemaName(prefix = 'tenaz_bench'): string {
  schemaCounter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${schemaCounter}`;
}

type Cleanup = () => unknown;

/**
 * What a scenario's `run(ctx)` gets: its own schema (dropped afterwards by `close()`), helpers
 * that connect inside it, and the measurement settings from the command line. Everything a
 * helper opens is closed by `close()`, even when the scenario throws.
 */
export class BenchContext {
  readonly databaseUrl: string;
  readonly schema: string;
  private cleanups: Cleanup[] = [];

  constructor(
    /** Measurement settings (window lengths, sizes), shared by every scenario of a run. */
    readonly settings: BenchSettings,
    url = databaseUrl(),
  ) {
    this.databaseUrl = url;
    this.schema = freshSchemaName();
  }

  /** A pg pool whose connections resolve unqualified names in this run's schema. */
  pool(max: number): Pool {
    const pool = new Pool({ connectionString: this.databaseUrl, max, options: `-c search_path=${this.schema}` });
    pool.on('error', () => undefined);
    this.defer(() => pool.end());
    return pool;
  }

  /** One connected pg client, search_path set to this run's schema. */
  async client(): Promise<Client> {
    const client = new Client({ connectionString: this.databaseUrl, options: `-c search_path=${this.schema}` });
    client.on('error', () => undefined);
    await client.connect();
    this.defer(() => client.end());
    return client;
  }

  /**
   * A Tenaz instance in this run's schema, with one queue `bench` (track_trace's SLA and retry
   * policy) unless `extra.queues` says otherwise. Closed by `close()` unless the scenario closed it.
   */
  async messaging(extra: Partial<MessagingOptions> = {}): Promise<Messaging> {
    const messaging = await createMessaging({
      ...extra,
      postgres: { connectionString: this.databaseUrl, schema: this.schema, ...(extra.postgres ?? {}) },
      queues: extra.queues ?? {
        bench: { slaMs: 10_000, retry: { backoff: 'linear', maxRetries: 10, baseDelayMs: 500, maxDelayMs: 120_000 } },
      },
      logger: quietLogger,
    });
    this.defer(() => messaging.close());
    return messaging;
  }

  /**
   * Creates this run's schema with the raw baselines' queue table (`sql/raw-queue-table.sql`),
   * the same columns and indexes as the library's table when the baselines were written.
   */
  async createQueueTable(): Promise<void> {
    const client = await this.client();
    await client.query(`CREATE SCHEMA ${escapeIdentifier(this.schema)}`);
    await createRawQueueTable(client);
  }

  /** Registers work for `close()`, run in reverse order. */
  defer(cleanup: Cleanup): void {
    this.cleanups.push(cleanup);
  }

  /** Closes everything the scenario opened, then drops its schema. */
  async close(): Promise<void> {
    const errors: unknown[] = [];
    for (const cleanup of this.cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    this.cleanups = [];
    await dropSchema(this.databaseUrl, this.schema);
    if (errors.length > 0) {
      throw errors[0];
    }
  }
}

/** Drops a schema and everything in it (used after every run, and on Ctrl-C for the current one). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
  } finally {
    await admin.end();
  }
}
