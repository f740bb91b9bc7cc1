import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { EmbeddedPostgresFailedError } from '../errors/embedded-postgres-failed.error';
import { embeddedLayout } from './embedded-layout';
import { runningServerPid } from './running-server';

/**
 * Removes the embedded PostgreSQL's folder (cluster, password, log), so the next `npm start`
 * begins with an empty database. Refuses while a server runs on it, and refuses a folder holding
 * anything but those three, so a mistyped `--embedded-dir` cannot delete someone's files.
 * Returns what it did, for the terminal.
 */
export function cleanEmbedded(root: string): string {
  const layout = embeddedLayout(root);
  if (!existsSync(layout.root)) {
    return `nothing to remove: ${layout.root} does not exist`;
  }
  const pid = runningServerPid(layout.dataDirectory);
  if (pid !== undefined) {
    throw new EmbeddedPostgresFailedError(
      'already-running',
      `the embedded PostgreSQL of ${layout.root} is running (pid ${pid}): stop npm start first (Ctrl-C)`,
    );
  }
  const ours = new Set([layout.dataDirectory, layout.passwordFile, layout.logFile].map((path) => basename(path)));
  const foreign = readdirSync(layout.root).filter((entry) => !ours.has(entry));
  if (foreign.length > 0) {
    throw new EmbeddedPostgresFailedError(
      'unusable-data',
      `${layout.root} holds ${foreign.join(', ')}, which npm start did not make: not removing it`,
    );
  }
  rmSync(layout.root, { recursive: true, force: true });
  return `removed ${layout.root} (the embedded PostgreSQL's data; the next npm start makes a new, empty one)`;
}
