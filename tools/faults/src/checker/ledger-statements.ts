import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ledger's statements, one per `.sql` file beside this one, read once. */
const names = [
  'create-ledger',
  'insert-messages',
  'insert-deliveries',
  'insert-effects',
  'insert-dead-letters',
  'insert-fault',
  'mark-confirmed',
  'read-figures',
  'read-recoveries',
] as const;

export type LedgerStatement = (typeof names)[number];

export const LEDGER_SQL: Readonly<Record<LedgerStatement, string>> = Object.fromEntries(
  names.map((name) => [name, readFileSync(join(__dirname, 'sql', `${name}.sql`), 'utf8')]),
) as Record<LedgerStatement, string>;
