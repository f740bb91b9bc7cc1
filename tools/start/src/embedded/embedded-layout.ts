import { join, relative } from 'node:path';

/** The repository root, from `dist/tools/start/embedded` or `tools/start/src/embedded`. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..', '..');
/** Git-ignored (`.tenaz/` in `.gitignore`); `npm run start:clean` removes it. */
export const DEFAULT_EMBEDDED_DIRECTORY = join(REPOSITORY_ROOT, '.tenaz', 'embedded-postgres');

/** The files of one embedded PostgreSQL, all under one folder so that removing it removes everything. */
export interface EmbeddedLayout {
  /** The folder itself. */
  root: string;
  /** The cluster (PGDATA). */
  dataDirectory: string;
  /** The password of the `postgres` role, made at the first run (mode 0600). */
  passwordFile: string;
  /** The server's log of the latest run (replaced at each start, so it stays small). */
  logFile: string;
}

/** The layout under `root`. */
export function embeddedLayout(root: string): EmbeddedLayout {
  return { root, dataDirectory: join(root, 'data'), passwordFile: join(root, 'password'), logFile: join(root, 'postgres.log') };
}

/** `root` as the user would type it: relative to the current folder when inside it. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown && !shown.startsWith('..') ? shown : path;
}
