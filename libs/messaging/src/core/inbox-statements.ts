import { join } from 'node:path';
import { loadStatements, Statements } from '../database/statements';

const NAMES = ['cleanup-inbox', 'record-inbox'] as const;

/** The inbox's statements: recording a handled message, and its retention. */
export type InboxStatements = Statements<(typeof NAMES)[number]>;

/** The statements under `sql/` beside this file, for one schema. */
export function inboxStatements(schema: string): InboxStatements {
  return loadStatements(join(__dirname, 'sql'), NAMES, schema);
}
