import { NotInTransactionError, UnsupportedExecutorError } from '../model/errors';

/**
 * Anything that runs SQL inside a caller's transaction: a `pg` client after `BEGIN`, or a TypeORM
 * `EntityManager` from `dataSource.transaction(...)`. Typed structurally so the library depends on
 * neither TypeORM nor a particular pg version.
 */
export interface SqlExecutor {
  query(text: string, parameters?: unknown[]): Promise<unknown>;
}

interface TypeOrmLikeManager {
  '@instanceof'?: symbol;
  queryRunner?: { isTransactionActive?: boolean };
}

/** TypeORM marks its managers with this symbol (it avoids instanceof across package copies). */
const TYPEORM_ENTITY_MANAGER = Symbol.for('EntityManager');

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
 * Refuses an executor that is visibly outside a transaction. A TypeORM manager says so; a bare pg
 * client cannot be asked cheaply, so it is trusted (documented on `publishTransactional`).
 */
export function assertInTransaction(executor: unknown): asserts executor is SqlExecutor {
  if (!executor || typeof (executor as SqlExecutor).query !== 'function') {
    throw new NotInTransactionError('pass a pg client inside BEGIN or a TypeORM EntityManager from dataSource.transaction()');
  }
  const manager = executor as TypeOrmLikeManager;
  if (manager['@instanceof'] === TYPEORM_ENTITY_MANAGER) {
    if (!manager.queryRunner || manager.queryRunner.isTransactionActive !== true) {
      throw new NotInTransactionError('this EntityManager is not inside dataSource.transaction()');
    }
  }
}
