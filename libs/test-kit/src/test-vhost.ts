import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The broker the tests use; each test file works in a vhost of its own on it. */
const BROKER = process.env['TENAZ_TEST_RABBITMQ'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A vhost created for one test file. */
export interface TestVhost {
  name: string;
  /** `amqp://…/<vhost>` */
  url: string;
  /** Deletes the vhost and everything in it. */
  drop(): Promise<void>;
}

/** Runs `rabbitmqctl` with the given arguments (the broker's own CLI; no management plugin here). */
export async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', args, { timeout: 120_000 });
  return stdout;
}

/**
 * A fresh, uniquely named vhost (`t_<label>_<random>`) with full permissions for the test user.
 * Nothing outside it is touched; `drop()` deletes it.
 */
export async function createTestVhost(label: string): Promise<TestVhost> {
  const name = `t_${label.replace(/[^a-z0-9_]/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await rabbitmqctl('add_vhost', name);
  await rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*');
  return {
    name,
    url: `${BROKER}/${encodeURIComponent(name)}`,
    drop: async () => {
      await rabbitmqctl('delete_vhost', name);
    },
  };
}
