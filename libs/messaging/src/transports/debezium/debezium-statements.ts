import { join } from 'node:path';
import { loadStatements, Statements } from '../../database/statements';

const NAMES = ['debezium-outbox-insert', 'debezium-outbox-cleanup'] as const;

/** The Debezium outbox's statements: writing rows, and deleting them past their retention. */
export type DebeziumStatements = Statements<(typeof NAMES)[number]>;

/** The statements under `sql/` beside this file, for one schema. */
export function debeziumStatements(schema: string): DebeziumStatements {
  return loadStatements(join(__dirname, 'sql'), NAMES, schema);
}
