import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sparePort } from './spare-port';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of one test file's (or one run's) own: made with initdb on a spare port,
 * removed by `stop()`. Tests that restart PostgreSQL restart this one, never the shared server.
 */
export interface ThrowawayCluster {
  port: number;
  /** `postgresql://postgres@127.0.0.1:<port>/<database>` (trust authentication). */
  url(database?: string): string;
  /**
   * `pg_ctl restart -m <mode>`: `fast` rolls back and disconnects every session, `immediate`
   * aborts without a checkpoint (crash recovery on start). Waits until the server accepts
   * connections again (up to 60 s).
   */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  /** `pg_ctl stop -m <mode>` without removing anything; `start()` brings it back. */
  halt(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (fast shutdown, waiting for it) and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Where initdb and pg_ctl live: `TENAZ_PG_BIN`, else the newest Debian install
 * (`/usr/lib/postgresql/<major>/bin`).
 */
function serverBinaries(): string {
  const configured = process.env['TENAZ_PG_BIN'];
  if (configured) {
    return configured;
  }
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error(
      `no PostgreSQL server binaries under ${root}/<major>/bin and no TENAZ_PG_BIN (DEVELOPERS.md lists what the machine needs)`,
    );
  }
  return join(root, newest, 'bin');
}

/** As root, the ids of the `postgres` user (PostgreSQL refuses to run as root); otherwise nothing to change. */
async function serverUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) {
    return {};
  }
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * initdb + pg_ctl start on a spare port of 127.0.0.1, in a temporary folder, with `settings`
 * (`{ wal_level: 'logical' }`). As root the cluster belongs to and runs as the `postgres` user;
 * otherwise as the current user. fsync is off: these clusters hold test data only, and a restart
 * in `immediate` mode still goes through crash recovery (WAL is written, just not flushed).
 * Nothing else on the machine is touched: the shared server keeps running as it was.
 */
export async function startThrowawayCluster(settings: Readonly<Record<string, string>> = {}): Promise<ThrowawayCluster> {
  const bin = serverBinaries();
  const folder = mkdtempSync(join(tmpdir(), 'tenaz-cluster-'));
  const data = join(folder, 'data');
  const asUser = await serverUser();
  if (asUser.uid !== undefined && asUser.gid !== undefined) {
    chownSync(folder, asUser.uid, asUser.gid);
  }
  // 90 s per tool: initdb and a start write a few hundred files on a shared, loaded machine.
  const tool = async (name: string, args: string[]) => {
    await run(join(bin, name), args, { ...asUser, timeout: 90_000 });
  };
  const port = await sparePort();
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${folder}`,
    '-c fsync=off',
    ...Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`),
  ].join(' ');
  const start = () => tool('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  try {
    await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await start();
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`the throwaway cluster did not start: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
  return {
    port,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    restart: (mode) =>
      tool('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', options, '-m', mode, '-w', '-t', '60', 'restart']),
    halt: (mode) => tool('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']),
    start,
    stop: async () => {
      try {
        await tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']).catch(() => undefined);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
