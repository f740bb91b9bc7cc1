import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where TypeORM finds a service's migrations, given the directory of the file asking (`__dirname`
 * of a file directly under the service's `src/`). They live in `apps/<service>/migrations` and
 * compile to `dist/apps/<service>/migrations`: beside the compiled `src/` files in the build, one
 * level up from `src/` in the sources (tests), so both places are tried. Only `<epoch>-<Name>` files are migrations.
 */
export function migrationsGlob(sourceDirectory: string): string {
  const candidates = [join(sourceDirectory, 'migrations'), join(sourceDirectory, '..', 'migrations')];
  const directory = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
  return join(directory, '[0-9]*-*.{js,ts}');
}
