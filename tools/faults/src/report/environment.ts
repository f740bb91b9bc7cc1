import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const WORKSPACE = join(__dirname, '..', '..', '..', '..');

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(WORKSPACE, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The versions the report names: the servers, Node, the drivers and the commit. */
export async function environmentVersions(): Promise<Record<string, string>> {
  const versions: Record<string, string> = { node: process.version, pg: packageVersion('pg'), amqplib: packageVersion('amqplib') };
  const client = new Client({
    connectionString: process.env['TENAZ_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  });
  try {
    await client.connect();
    versions['PostgreSQL'] = (await client.query('SHOW server_version')).rows[0].server_version;
  } catch {
    versions['PostgreSQL'] = 'unknown';
  } finally {
    await client.end().catch(() => undefined);
  }
  versions['RabbitMQ'] = await run('rabbitmqctl', ['version'], { timeout: 60_000 }).then(
    (r) => r.stdout.trim(),
    () => 'unknown',
  );
  const commit = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: WORKSPACE }).then(
    (r) => r.stdout.trim(),
    () => 'unknown',
  );
  // A run of uncommitted changes says so: the commit alone would claim code it did not run.
  const changed = await run('git', ['status', '--porcelain', '--untracked-files=no', '--', 'libs', 'tools', 'apps'], {
    cwd: WORKSPACE,
  }).then(
    (r) => r.stdout.trim().length > 0,
    () => false,
  );
  versions['commit'] = changed ? `${commit} with uncommitted changes` : commit;
  return versions;
}

export { WORKSPACE };
