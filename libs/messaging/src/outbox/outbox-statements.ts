import { join } from 'node:path';
import { loadStatements, Statements } from '../database/statements';

const NAMES = [
  'outbox-backlog',
  'outbox-claim-plan',
  'outbox-claim',
  'outbox-cleanup-sent',
  'outbox-insert',
  'outbox-list-failed',
  'outbox-mark-failed',
  'outbox-mark-sent',
  'outbox-next-due',
  'outbox-promote-next',
  'outbox-promote-stuck',
  'outbox-retry-failed',
] as const;

/** The transactional outbox's statements: writing, claiming, marking and cleaning rows. */
export type OutboxStatements = Statements<(typeof NAMES)[number]>;

/** The statements under `sql/` beside this file, for one schema. */
export function outboxStatements(schema: string): OutboxStatements {
  return loadStatements(join(__dirname, 'sql'), NAMES, schema);
}
