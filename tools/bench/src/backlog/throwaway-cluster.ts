import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Debian's PostgreSQL 15 binaries (the server this machine runs). */
const BIN = process.env['TENAZ_BENCH_PG_BIN'] || '/usr/lib/postgresql/15/bin';

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before the cluster binds it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command as the postgres user (initdb and the server refuse to run as root). */
async function asPostgres(command: string[], timeoutMs: number): Promise<void> {
  const quoted = command.map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  await run('su', ['postgres', '-c', quoted], { timeout: timeoutMs });
}

/**
 * A PostgreSQL cluster of our own for one run: initdb in a temp dir owned by postgres, started
 * on a spare port of 127.0.0.1 with `settings`, and stopped and removed by `stop()` whatever
 * happened. The shared server is never touched.
 */
export async function startThrowawayCluster(settings: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'tenaz-bench-cluster-'));
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  let started = false;
  const data = join(directory, 'data');
  const stop = async () => {
    try {
      if (started) {
        await asPostgres([`${BIN}/pg_ctl`, '-D', data, '-m', 'fast', '-w', '-t', '60', 'stop'], 90_000);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  };
  try {
    chownSync(directory, uid, gid);
    // 60 s for initdb and for the start: both write and fsync a few hundred files.
    await asPostgres([`${BIN}/initdb`, '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync'], 60_000);
    const port = await freePort();
    const options = [`-p ${port}`, `-k ${directory}`, `-c listen_addresses=127.0.0.1`, ...Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`)].join(' ');
    await asPostgres([`${BIN}/pg_ctl`, '-D', data, '-l', join(directory, 'server.log'), '-o', options, '-w', '-t', '60', 'start'], 90_000);
    started = true;
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
