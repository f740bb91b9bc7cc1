/** Anything that runs a statement: a TypeORM EntityManager or DataSource, or a pg client or pool. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Runs a statement and returns its rows, whatever the command and whoever runs it. pg answers
 * `{ rows }`; TypeORM's PostgreSQL runner answers `[rows, rowCount]` for UPDATE and DELETE (with
 * or without `RETURNING`) but the rows alone for SELECT and INSERT; callers only care about the rows.
 */
export async function queryRows<T>(runner: SqlRunner, sql: string, parameters: unknown[]): Promise<T[]> {
  const result = (await runner.query(sql, parameters)) as unknown;
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  if (result !== null && typeof result === 'object' && !Array.isArray(result) && Array.isArray((result as { rows?: unknown }).rows)) {
    return (result as { rows: T[] }).rows;
  }
  return result as T[];
}
