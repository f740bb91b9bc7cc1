'use strict';

const { Client, Pool, escapeIdentifier } = require('pg');
const { createMessaging } = require('@tenaz/messaging');

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

/** The database the benchmarks use: `TENAZ_BENCH_DATABASE_URL`, else the local `test` database. */
function databaseUrl() {
  return process.env.TENAZ_BENCH_DATABASE_URL || DEFAULT_DATABASE_URL;
}

/**
 * The library logs JSON lines at info level by default; a benchmark prints its own table, so only
 * warnings and errors come through, one short line each on stderr.
 */
const quietLogger = {
  debug() {},
  info() {},
  warn(object, message) {
    process.stderr.write(`  [tenaz warn] ${message ?? ''} ${JSON.stringify(object)}\n`);
  },
  error(object, message) {
    process.stderr.write(`  [tenaz error] ${message ?? ''} ${JSON.stringify(object)}\n`);
  },
};

let schemaCounter = 0;

/** A schema name of our own: unique per process and run, and valid for the library's schema option. */
function freshSchemaName(prefix = 'tenaz_bench') {
  schemaCounter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${schemaCounter}`;
}

/**
 * What a scenario's `run(ctx)` gets: its own schema (dropped afterwards by `close()`), helpers
 * that connect inside it, and the measurement settings from the command line. Everything a
 * helper opens is closed by `close()`, even when the scenario throws.
 */
class BenchContext {
  constructor(settings) {
    this.databaseUrl = databaseUrl();
    this.schema = freshSchemaName();
    /** Measurement settings (window lengths, sizes), shared by every scenario of a run. */
    this.settings = settings;
    this.cleanups = [];
  }

  /** A pg pool whose connections resolve unqualified names in this run's schema. */
  pool(max) {
    const pool = new Pool({ connectionString: this.databaseUrl, max, options: `-c search_path=${this.schema}` });
    pool.on('error', () => undefined);
    this.defer(() => pool.end());
    return pool;
  }

  /** One connected pg client, search_path set to this run's schema. */
  async client() {
    const client = new Client({ connectionString: this.databaseUrl, options: `-c search_path=${this.schema}` });
    client.on('error', () => undefined);
    await client.connect();
    this.defer(() => client.end());
    return client;
  }

  /**
   * A Tenaz instance in this run's schema, with one queue `bench` (track_trace's SLA and retry
   * policy) unless `queues` says otherwise. Closed by `close()` unless the scenario closed it.
   */
  async messaging(extra = {}) {
    const messaging = await createMessaging({
      postgres: { connectionString: this.databaseUrl, schema: this.schema, ...(extra.postgres ?? {}) },
      queues: extra.queues ?? { bench: { slaMs: 10_000, retry: { backoff: 'linear', maxRetries: 10, baseDelayMs: 500, maxDelayMs: 120_000 } } },
      logger: quietLogger,
      ...(extra.retention ? { retention: extra.retention } : {}),
    });
    this.defer(() => messaging.close());
    return messaging;
  }

  /**
   * Creates the library's tables in this run's schema without keeping a Tenaz instance running:
   * raw baselines write to the very same `reliable_messages` table, indexes included.
   */
  async createQueueTable() {
    const messaging = await createMessaging({
      postgres: { connectionString: this.databaseUrl, schema: this.schema },
      queues: { bench: { slaMs: 10_000 } },
      logger: quietLogger,
    });
    await messaging.close();
  }

  /** Registers work for `close()`, run in reverse order. */
  defer(cleanup) {
    this.cleanups.push(cleanup);
  }

  /** Closes everything the scenario opened, then drops its schema. */
  async close() {
    const errors = [];
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
async function dropSchema(url, schema) {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
  } finally {
    await admin.end();
  }
}

module.exports = { BenchContext, databaseUrl, dropSchema, freshSchemaName, quietLogger };
