import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Loads `<directory>/<name>.sql` for each name, once, at start: a service's raw statements (those
 * it runs outside TypeORM's entity API) live as files with a header naming each `$n`.
 */
export function loadSqlStatements<const Name extends string>(directory: string, names: readonly Name[]): Readonly<Record<Name, string>> {
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(directory, `${name}.sql`), 'utf8')])) as Record<Name, string>;
}
