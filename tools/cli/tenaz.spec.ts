import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, escapeIdentifier } from 'pg';
import { createMessaging, Messaging } from '@tenaz/messaging';
import { QUEUES } from '@tenaz/contracts';

const run = promisify(execFile);
const DATABASE_URL = process.env['TENAZ_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const schema = `t_cli_${process.pid}_${Date.now() % 100_000}`;

/** Runs the CLI as an operator would, against this test's schema. */
async function tenaz(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(__dirname, 'tenaz.js'), ...args], {
      env: { ...process.env, DATABASE_URL, TENAZ_SCHEMA: schema },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('tenaz CLI', () => {
  let messaging: Messaging;
  const ids: string[] = [];

  beforeAll(async () => {
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    messaging = await createMessaging({
      postgres: { connectionString: DATABASE_URL, schema },
      queues: { notifications: { slaMs: QUEUES.notifications.slaMs, retry: { ...QUEUES.notifications.retry } }, track_trace: { slaMs: QUEUES.track_trace.slaMs } },
      logger: quiet,
    });
    for (const n of [1, 2]) {
      ids.push((await messaging.publisher.publish({ queue: 'notifications', type: 'sms', payload: { n, to: '+5215512345678' } })).messageId);
    }
    const handle = await messaging.consumer.consume('notifications', async () => ({ deadLetter: 'provider rejected the number' }));
    for (const started = Date.now(); (await messaging.deadLetters.list('notifications')).length < 2; ) {
      if (Date.now() - started > 10_000) throw new Error('dead letters never appeared');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await handle.stop();
  });

  afterAll(async () => {
    await messaging.close();
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
    await client.end();
  });

  it('shows queue statistics with the SLA verdict', async () => {
    const { code, stdout } = await tenaz('--json', 'stats');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout);
    expect(rows).toEqual([
      expect.objectContaining({ queue: 'notifications', transport: 'postgres', deadLettered: 2, slaMs: 30_000, sla: 'ok' }),
      expect.objectContaining({ queue: 'track_trace', pending: 0, sla: 'ok' }),
    ]);
  });

  it('lists dead letters without payloads unless asked', async () => {
    const plain = JSON.parse((await tenaz('--json', 'dlq', 'list', 'notifications')).stdout);
    expect(plain.map((l: { id: string }) => l.id).sort()).toEqual([...ids].sort());
    expect(plain[0]).toMatchObject({ attempts: 1, reason: 'provider rejected the number' });
    expect(plain[0].payload).toBeUndefined();
    const withPayload = JSON.parse((await tenaz('--json', 'dlq', 'list', 'notifications', '--payload', '--limit', '1')).stdout);
    expect(withPayload).toHaveLength(1);
    expect(JSON.parse(withPayload[0].payload)).toMatchObject({ to: '+5215512345678' });
  });

  it('refuses to replay everything by accident, then replays and purges what it is told', async () => {
    const refused = await tenaz('dlq', 'replay', 'notifications');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/name the message ids to replay, or pass --all/);

    expect(JSON.parse((await tenaz('--json', 'dlq', 'replay', 'notifications', ids[0])).stdout)).toEqual([{ queue: 'notifications', replayed: 1 }]);
    expect(JSON.parse((await tenaz('--json', 'dlq', 'purge', 'notifications', '--all')).stdout)).toEqual([{ queue: 'notifications', purged: 1 }]);
    const stats = JSON.parse((await tenaz('--json', 'stats', 'notifications')).stdout);
    expect(stats[0]).toMatchObject({ pending: 1, deadLettered: 0 });
  });

  it('names an unknown queue', async () => {
    const { code, stderr } = await tenaz('stats', 'parcels');
    expect(code).toBe(1);
    expect(stderr).toMatch(/unknown queue "parcels"/);
  });
});
