import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { WORKSPACE_ROOT } from './paths';
import { sql } from './sql-files';

export interface Environment {
  postgres: string;
  node: string;
  cpus: number;
  loadStart: number[];
  loadEnd?: number[];
  databaseUrl: string;
  redis: string;
}

export const loadAverage = () => loadavg().map((value) => Number(value.toFixed(2)));

/** The server versions and settings a result depends on, and the load at the start. */
export async function describeEnvironment(databaseUrl: string): Promise<Environment> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(sql('server-settings'));
    return {
      postgres: `${rows[0].version.split(' on ')[0]} (synchronous_commit ${rows[0].sync}, autovacuum ${rows[0].autovacuum})`,
      node: process.version,
      cpus: cpus().length,
      loadStart: loadAverage(),
      databaseUrl: databaseUrl.replace(/\/\/[^@]*@/, '//…@'),
      redis: redisPersistence(),
    };
  } finally {
    await client.end();
  }
}

/** Redis's persistence settings, which decide what BullMQ's acknowledged add survives. */
function redisPersistence(): string {
  try {
    const ask = (key: string) => execFileSync('redis-cli', ['config', 'get', key], { timeout: 5_000 }).toString().split('\n')[1] ?? '?';
    return `appendonly ${ask('appendonly')}, save "${ask('save')}"`;
  } catch {
    return 'unknown (redis-cli not available)';
  }
}

/** The checked-out commit (short), with `+changes` when the tree differs from it. */
export function currentCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: WORKSPACE_ROOT }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: WORKSPACE_ROOT }).toString().trim() !== '';
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return 'unknown';
  }
}
