import type { EntityManager } from 'typeorm';

/**
 * Runs a statement and returns its rows, whatever the command. TypeORM's PostgreSQL runner answers
 * `[rows, rowCount]` for UPDATE and DELETE (with or without `RETURNING`) but the rows alone for
 * SELECT and INSERT; callers only care about the rows.
 */
export async function queryRows<T>(manager: Pick<EntityManager, 'query'>, sql: string, parameters: unknown[]): Promise<T[]> {
  const result = (await manager.query(sql, parameters)) as unknown;
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
