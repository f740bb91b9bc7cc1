import { join } from 'node:path';
import { loadStatements, Statements } from '../../database/statements';

const NAMES = [
  'ack-messages',
  'claim-messages',
  'cleanup-dead-letters',
  'count-dead-letters',
  'dead-letter-messages',
  'extend-leases',
  'insert-messages',
  'insert-new-messages',
  'list-dead-letters',
  'next-due',
  'purge-dead-letters',
  'queue-depth',
  'reclaim-expired-leases',
  'release-messages',
  'replay-dead-letters',
  'retry-messages',
] as const;

/** The PostgreSQL queue's statements: publishing, claiming, settling, dead letters and statistics. */
export type QueueStatements = Statements<(typeof NAMES)[number]>;

/** The statements under `sql/` beside this file, for one schema. */
export function queueStatements(schema: string): QueueStatements {
  return loadStatements(join(__dirname, 'sql'), NAMES, schema);
}
