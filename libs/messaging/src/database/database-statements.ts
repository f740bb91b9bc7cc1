import { join } from 'node:path';
import { loadStatements, Statements } from './statements';

const NAMES = ['notify-queues', 'transaction-status', 'try-cleanup-lock'] as const;

/** What every room shares: waking listeners, watching commits, the cleanup lock. */
export type DatabaseStatements = Statements<(typeof NAMES)[number]>;

/** The statements under `sql/` beside this file, for one schema. */
export function databaseStatements(schema: string): DatabaseStatements {
  return loadStatements(join(__dirname, 'sql'), NAMES, schema);
}
