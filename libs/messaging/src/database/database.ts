import { createHash } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import type { MessagingLogger } from '../model/logger';

/** Connection settings for the library's own pool. */
export interface DatabaseOptions {
  connectionString: string;
  /** The library's schema: every statement runs against it. */
  schema: string;
  poolSize: number;
  queryTimeoutMs: number;
  transactionIdleTimeoutMs: number;
  applicationName: string;
}

/**
 * The server ends a session whose client stops answering TCP (a paused VM, a partition that drops
 * packets without a reset) after 10 s idle plus 3 probes 5 s apart, about 25 s, instead of the
 * kernel's two hours: its transactions roll back and its locks, LISTEN included, go with it. A
 * process frozen by SIGSTOP still answers TCP; the idle-in-transaction timeout ends its sessions.
 */
export const SERVER_KEEPALIVES = '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3';

/**
 * The library's schema on a connection pool: the foundation every room stands on. Idle
 * connections that die (PostgreSQL restarted, a connection killed) are logged and replaced on
 * next use instead of crashing the process.
 */
export class Database {
  private readonly pool: Pool;
  readonly schema: string;
  /** For rooms that need a connection of their own (LISTEN); never logged. */
  readonly connectionString: string;
  /** Shown in `pg_stat_activity.application_name`. */
  readonly applicationName: string;
  /** The LISTEN/NOTIFY channel of this schema's queues; the outbox relays use `<channel>.outbox`. */
  readonly channel: string;

  constructor(
    options: DatabaseOptions,
    private readonly logger: MessagingLogger,
  ) {
    this.schema = options.schema;
    this.connectionString = options.connectionString;
    this.applicationName = options.applicationName;
    this.channel = `tenaz.${options.schema}`;
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize,
      application_name: options.applicationName,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      // The client gives up on a statement after this long; the server cancels it too, so its locks go with it.
      query_timeout: options.queryTimeoutMs,
      statement_timeout: options.queryTimeoutMs,
      idle_in_transaction_session_timeout: options.transactionIdleTimeoutMs,
      options: SERVER_KEEPALIVES,
    });
    this.pool.on('error', (error) => this.logger.warn({ err: error.message }, 'an idle PostgreSQL connection failed; it will be replaced'));
  }

  private readonly statementNames = new Map<string, string>();

  /**
   * Runs one statement and returns its rows. Statements are prepared once per connection (named
   * after a hash of their text): parsing and planning the library's longer statements on every
   * call cost about a third of a single publish.
   */
  async query<T = Record<string, unknown>>(text: string, parameters: unknown[] = []): Promise<T[]> {
    const result = await this.pool.query({ name: this.statementName(text), text, values: parameters });
    return result.rows as T[];
  }

  /** Runs a maintenance command (VACUUM, …) as a simple query, outside any transaction and without the statement timeout. */
  async command(text: string): Promise<void> {
    await this.withClient(async (client) => {
      await client.query('SET statement_timeout = 0');
      try {
        await client.query(text);
      } finally {
        await client.query('RESET statement_timeout');
      }
    });
  }

  private statementName(text: string): string {
    let name = this.statementNames.get(text);
    if (!name) {
      name = `tenaz_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      this.statementNames.set(text, name);
    }
    return name;
  }

  /** Runs `work` on one connection, returned to the pool afterwards (discarded if it broke). */
  async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client has no listener of the pool's: the server ending its session (an idle
    // transaction timed out, a restart) would be an uncaught 'error' that kills the process. The
    // statement in flight fails with it anyway; this only keeps the process alive.
    const onError = (error: Error) => this.logger.warn({ err: error.message }, 'a PostgreSQL connection in use failed');
    client.on('error', onError);
    try {
      const result = await work(client);
      client.removeListener('error', onError);
      client.release();
      return result;
    } catch (error) {
      const broken = await brokenConnection(client, error);
      if (!broken) {
        // A broken one is discarded with its listener: a late socket error must not be uncaught either.
        client.removeListener('error', onError);
      }
      client.release(broken);
      throw error;
    }
  }

  /** Runs `work` inside BEGIN … COMMIT, rolling back if it throws. */
  withTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * The error to discard a connection with, or undefined when it is still usable. A failed
 * statement leaves a connection usable; one that was cut or whose server went away answers no
 * more, which a trivial query tells for certain.
 */
async function brokenConnection(client: PoolClient, error: unknown): Promise<Error | undefined> {
  try {
    await client.query('SELECT 1');
    return undefined;
  } catch {
    return error instanceof Error ? error : new Error(String(error));
  }
}
