import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The benchmark's own statements, one per file under `src/sql/` (copied next to the build). */
export type SqlFileName =
  | 'raw-queue-table'
  | 'raw-claim-and-delete'
  | 'raw-prefill'
  | 'notify-trigger'
  | 'schema-sizes'
  | 'schema-tables'
  | 'backends-of-application'
  | 'server-settings';

const cache = new Map<SqlFileName, string>();

/** The text of `sql/<name>.sql`, read once. */
export function sql(name: SqlFileName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(__dirname, '..', 'sql', `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}
