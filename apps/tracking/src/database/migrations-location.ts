import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where TypeORM finds the service's migrations. They live in `apps/tracking/migrations` and
 * compile to `dist/apps/tracking/migrations`, one level up from this file in the build and
 * two levels up in the sources (tests), so both places are tried. Only `<epoch>-<Name>` files are
 * migrations; `index` lists them for code that wants the classes.
 */
export function migrationsGlob(): string {
  const candidates = [join(__dirname, '..', 'migrations'), join(__dirname, '..', '..', 'migrations')];
  const directory = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
  return join(directory, '[0-9]*-*.{js,ts}');
}
