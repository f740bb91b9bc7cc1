import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/** A connection inside a transaction: what the work given to {@link SqlTransactions.run} may use. */
export type SqlClient = Pick<PoolClient, 'query'>;

/**
 * Raw SQL on the service's own connection pool (the pg pool under TypeORM, with every bound of
 * `ConnectionBounds`), without TypeORM's QueryRunner and entity hydration on the paths where they
 * cost: a TypeORM transaction made each accepted notification a QueryRunner, a query builder and a
 * hydrated result on a process that spends its time in JavaScript.
 */
@Injectable()
export class SqlTransactions {
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    // TypeORM's PostgreSQL driver keeps its pg Pool as `master` (no replication configured).
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  /** Over a pg pool of one's own (tools, tests), rather than a service's DataSource. */
  static onPool(pool: Pool): SqlTransactions {
    return new SqlTransactions({ driver: { master: pool } } as unknown as DataSource);
  }

  /** One statement on any connection, committed on its own; its rows. */
  async query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    return (await this.pool.query(sql, parameters)).rows as T[];
  }

  /**
   * Runs `work` in one transaction: BEGIN, the work's statements, COMMIT; ROLLBACK when it throws.
   * A connection whose ROLLBACK failed is destroyed, not returned to the pool in a transaction.
   */
  async run<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }
}
