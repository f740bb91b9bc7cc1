import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeIdentifier } from 'pg';
import { MissingStatementError } from '../model/errors';

/** One room's statements, by file name without `.sql`. */
export type Statements<TName extends string> = Readonly<Record<TName, string>>;

/** The `.sql` files of each folder, read once per process (the build ships them beside the code). */
const templatesByDir = new Map<string, ReadonlyMap<string, string>>();

function templatesIn(dir: string): ReadonlyMap<string, string> {
  let templates = templatesByDir.get(dir);
  if (!templates) {
    templates = new Map(
      readdirSync(dir)
        .filter((file) => file.endsWith('.sql'))
        .map((file) => [file.slice(0, -'.sql'.length), readFileSync(join(dir, file), 'utf8')]),
    );
    templatesByDir.set(dir, templates);
  }
  return templates;
}

/**
 * The statements of one folder for one schema. Each room of the library keeps the statements it
 * runs in its own `sql/` folder (one statement a file, a header naming each `$n`) and lists their
 * names, so a file missing from a build fails at start rather than at first use. The schema is
 * the only thing ever spliced into SQL, and only as an escaped identifier: every value travels as
 * a `$n` parameter.
 */
export function loadStatements<const TName extends string>(dir: string, names: readonly TName[], schema: string): Statements<TName> {
  const templates = templatesIn(dir);
  const quoted = escapeIdentifier(schema);
  const result: Partial<Record<TName, string>> = {};
  for (const name of names) {
    const template = templates.get(name);
    if (template === undefined) {
      throw new MissingStatementError(name, dir);
    }
    result[name] = template.replaceAll('{schema}', quoted);
  }
  return result as Statements<TName>;
}
