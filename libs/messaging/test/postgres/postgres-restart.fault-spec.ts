import { execFile, execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { createMessaging, Messaging, PublishResult } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { pause, waitFor } from '@tenaz/test-kit';

const cluster = () => readdirSync('/etc/postgresql')[0];
// Asynchronous, so that the test keeps publishing while PostgreSQL is down.
const pgctl = (action: 'stop' | 'start') => promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', cluster(), 'main', action]);
const ready = () => {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-q']);
    return true;
  } catch {
    return false;
  }
};

describe('PostgreSQL restarted under load', () => {
  let store: TestSchema | undefined;
  let messaging: Messaging | undefined;

  afterAll(async () => {
    if (!ready()) await pgctl('start');
    await waitFor(ready, { description: 'PostgreSQL back up' });
    await messaging?.close();
    if (store) {
      const cleanup = await createTestSchema('cleanup');
      await cleanup.sql.query(`DROP SCHEMA IF EXISTS "${store.schema}" CASCADE`);
      await cleanup.drop();
    }
  });

  it('fails publishes loudly while it is stopped, then, once it is back, delivers every message that was stored', async () => {
    store = await createTestSchema('pgrestart');
    const instanceId = `pg-restart-${process.pid}`;
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema, queryTimeoutMs: 5_000 },
      queues: { restart: { slaMs: 10_000, pollIntervalMs: 2_000 } },
      instanceId,
      logger: quietLogger(),
    });
    await store.sql.end().catch(() => undefined);
    const handled = new Map<string, number>();
    await messaging.consumer.consume('restart', async (message) => void handled.set(message.id, (handled.get(message.id) ?? 0) + 1), {
      concurrency: 4,
    });

    const results: PublishResult[] = [];
    let running = true;
    const publishing = (async () => {
      for (let n = 0; running; n += 1) {
        results.push(await messaging!.publisher.publish({ queue: 'restart', type: 'tick', payload: { n } }));
        await pause(10);
      }
    })();
    await waitFor(() => results.length >= 50, { description: 'traffic before the restart' });
    await pgctl('stop');
    const stoppedAt = results.length;
    await waitFor(() => results.slice(stoppedAt).filter((r) => r.status === 'failed').length >= 3, {
      timeoutMs: 30_000,
      description: 'publishes failing while it is down',
    });
    await pgctl('start');
    const restartedAt = results.length;
    await waitFor(() => results.slice(restartedAt).filter((r) => r.status === 'delivered').length >= 50, {
      timeoutMs: 60_000,
      description: 'traffic after the restart',
    });
    running = false;
    await publishing;

    const delivered = results.filter((r) => r.status === 'delivered').map((r) => r.messageId);
    const failed = results.filter((r) => r.status === 'failed');
    // The restart really interrupted publishing, and each interrupted publish said why.
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => typeof r.error === 'string' && r.error.length > 0)).toBe(true);
    await waitFor(() => delivered.every((id) => handled.has(id)), { timeoutMs: 30_000, description: 'every stored message handled' });
    // A publish that failed may still have committed (the answer was lost): at-least-once, never lost.
    const known = new Set(results.map((r) => r.messageId));
    expect([...handled.keys()].every((id) => known.has(id))).toBe(true);
    const health = await messaging.health('restart');
    expect(health.pending).toBe(0);
  });
});
