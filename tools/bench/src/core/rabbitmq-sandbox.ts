import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

/** The broker the benchmarks use: `TENAZ_BENCH_RABBITMQ`, else the local one. */
export const BROKER = process.env['TENAZ_BENCH_RABBITMQ'] || 'amqp://guest:guest@127.0.0.1:5672';

const run = promisify(execFile);
/** rabbitmqctl starts an Erlang VM per call (about 1 s here); 2 minutes covers a loaded machine. */
export const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', args, { timeout: 120_000 });

/** Creates a vhost of our own with guest's permissions; returns its name and URL. */
export async function createVhost(label: string): Promise<{ name: string; url: string }> {
  const name = `${label}_${process.pid}_${randomUUID().slice(0, 8)}`;
  await rabbitmqctl('add_vhost', name);
  await rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*');
  return { name, url: `${BROKER}/${name}` };
}

export async function deleteVhost(name: string): Promise<void> {
  await rabbitmqctl('delete_vhost', name);
}

let shared: Promise<{ name: string; url: string }> | undefined;

/**
 * One vhost for every comparison scenario of this process (each run uses queues of its own
 * name in it), created on first use and deleted by `closeSharedVhost()`: three rabbitmqctl calls
 * per run would cost about 3 s each, more than a quick run's whole measurement.
 */
export function sharedVhostUrl(): Promise<string> {
  shared ??= createVhost('bench_systems');
  return shared.then((vhost) => vhost.url);
}

export async function closeSharedVhost(): Promise<void> {
  if (shared) {
    const vhost = await shared.catch(() => undefined);
    shared = undefined;
    if (vhost) {
      await deleteVhost(vhost.name);
    }
  }
}
