import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL cluster of one test file's own: made with initdb, removed by `stop()`. */
export interface ThrowawayCluster {
  port: number;
  /** `postgresql://postgres@127.0.0.1:<port>/<database>` (trust authentication). */
  url(database?: string): string;
  /** Stops the server (fast shutdown, waiting for it) and removes its folder. */
  stop(): Promise<void>;
}

/** The newest PostgreSQL server binaries Debian installed (`/usr/lib/postgresql/<major>/bin`). */
function serverBinaries(): string {
  const majors = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((name) => existsSync(join('/usr/lib/postgresql', name, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/<major>/bin (DEVELOPERS.md lists what the machine needs)');
  }
  return join('/usr/lib/postgresql', newest, 'bin');
}

async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * initdb + pg_ctl start on a spare port of 127.0.0.1, in a temporary folder, with `settings`
 * (`-c` options such as `wal_level=logical`). PostgreSQL refuses root, so as root the cluster
 * belongs to and runs as the `postgres` user; otherwise as the current user. Nothing else on the
 * machine is touched: the shared server keeps running as it was.
 */
export async function startThrowawayCluster(settings: readonly string[]): Promise<ThrowawayCluster> {
  const bin = serverBinaries();
  const folder = mkdtempSync(join(tmpdir(), 'tenaz-cluster-'));
  const data = join(folder, 'data');
  const asUser: { uid?: number; gid?: number } =
    process.getuid?.() === 0
      ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) }
      : {};
  if (asUser.uid !== undefined && asUser.gid !== undefined) {
    chownSync(folder, asUser.uid, asUser.gid);
  }
  const run = (tool: string, args: string[]) => execFileSync(join(bin, tool), args, { ...asUser, stdio: 'pipe', timeout: 60_000 });
  const port = await sparePort();
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    const options = ['-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${folder}`, '-c', 'fsync=off', ...settings.flatMap((setting) => ['-c', setting])];
    run('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', options.join(' '), '-w', '-t', '60', 'start']);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`the throwaway cluster did not start: ${(error as { stderr?: Buffer }).stderr?.toString() ?? (error as Error).message}`);
  }
  return {
    port,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
