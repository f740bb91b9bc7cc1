import { join } from 'node:path';
import { loadStatements, Statements } from '../database/statements';

const NAMES = [
  'cleanup-queue-depth',
  'cleanup-queue-stats',
  'read-queue-depth-history',
  'read-queue-history',
  'read-queue-stats',
  'record-queue-depth',
  'record-queue-stats',
] as const;

/** The queue statistics' statements: recording counts and depth samples, reading a window or a history, retention. */
export type StatisticsStatements = Statements<(typeof NAMES)[number]>;

/** The statements under `sql/` beside this file, for one schema. */
export function statisticsStatements(schema: string): StatisticsStatements {
  return loadStatements(join(__dirname, 'sql'), NAMES, schema);
}
