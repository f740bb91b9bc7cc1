import { NotInTransactionError, UnsupportedExecutorError } from '../model/errors';

/**
 * Anything that runs SQL inside a caller's transaction: a `pg` client after `BEGIN`, or a TypeORM
 * `EntityManager` from `dataSource.transaction(...)`. Typed structurally so the library depends on
 * neither TypeORM nor a particular pg version.
 */
export interface SqlExecutor {
  query(text: string, parameters?: unknown[]): Promise<unknown>;
}

/** What the checks below read of an executor, whichever library it comes from. */
interface ExecutorLike {
  '@instanceof'?: symbol;
  queryRunner?: { isTransactionActive?: boolean };
  /** pg 8.11+ clients: 'I' idle, 'T' in a transaction, 'E' in a failed one, null before the first query. */
  getTransactionStatus?: () => string | null;
  /** pg pools (and only they) count their clients. */
  totalCount?: number;
  connect?: unknown;
}

/** TypeORM marks its managers and data sources with these symbols (it avoids instanceof across package copies). */
const TYPEORM_ENTITY_MANAGER = Symbol.for('EntityManager');
const TYPEORM_DATA_SOURCE = Symbol.for('DataSource');

/**
 * Runs a statement on a caller's executor and returns its rows, whichever shape the executor
 * answers in (`pg` returns `{ rows }`, TypeORM returns the rows). Statements sent here are
 * top-level `SELECT`s (DML goes in a CTE), so TypeORM never answers in its `[rows, count]` form.
 */
export async function queryRows<T>(executor: SqlExecutor, text: string, parameters: unknown[]): Promise<T[]> {
  const result = await executor.query(text, parameters);
  if (Array.isArray(result)) {
    return result as T[];
  }
  if (result && typeof result === 'object' && Array.isArray((result as { rows?: unknown }).rows)) {
    return (result as { rows: T[] }).rows;
  }
  throw new UnsupportedExecutorError();
}

/**
 * Refuses an executor that cannot be inside the caller's transaction, so a message never commits
 * on its own while the caller rolls back: a pg `Pool` (each query takes any connection, in no
 * transaction), a TypeORM `DataSource` or a manager outside `dataSource.transaction()`, and a pg
 * client that reports itself idle (`getTransactionStatus() === 'I'`: send and await `BEGIN` first).
 */
export function assertInTransaction(executor: unknown): asserts executor is SqlExecutor {
  if (!executor || typeof (executor as SqlExecutor).query !== 'function') {
    throw new NotInTransactionError('pass a pg client inside BEGIN or a TypeORM EntityManager from dataSource.transaction()');
  }
  const candidate = executor as ExecutorLike;
  if (candidate['@instanceof'] === TYPEORM_ENTITY_MANAGER) {
    if (!candidate.queryRunner || candidate.queryRunner.isTransactionActive !== true) {
      throw new NotInTransactionError('this EntityManager is not inside dataSource.transaction()');
    }
    return;
  }
  if (candidate['@instanceof'] === TYPEORM_DATA_SOURCE) {
    throw new NotInTransactionError('a TypeORM DataSource runs each query on its own; pass the EntityManager of dataSource.transaction()');
  }
  if (typeof candidate.totalCount === 'number' && typeof candidate.connect === 'function') {
    throw new NotInTransactionError(
      'a pg Pool runs each query on any connection, outside any transaction; pass a client from pool.connect() after BEGIN',
    );
  }
  if (typeof candidate.getTransactionStatus === 'function' && candidate.getTransactionStatus() === 'I') {
    throw new NotInTransactionError('this pg client is not inside a transaction; await client.query("BEGIN") first');
  }
}
