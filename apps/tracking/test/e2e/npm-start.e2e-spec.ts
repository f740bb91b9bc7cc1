import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, escapeIdentifier } from 'pg';
import request from 'supertest';
import { missingBuild } from '../helpers/built-service';
import { minutesAgo } from '../helpers/tracking-client';
import { waitFor } from '@tenaz/test-kit';

const START = join(__dirname, '..', '..', '..', '..', 'tools', 'start', 'start.js');
const SERVER_URL = process.env['TENAZ_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const DEMO = 'Bearer demo-key';

/**
 * `tools/start/start.js` (what `npm start` runs after the build): it creates a database that does
 * not exist yet, starts both built services with the development defaults, prints where they
 * listen and a first request, and stops both gracefully on Ctrl-C.
 */
describe('npm start', () => {
  const name = `t_track_start_${randomBytes(4).toString('hex')}`;
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  let start: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (start && start.exitCode === null && start.signalCode === null) {
      // SIGTERM, not SIGKILL: start.js stops its services first (a killed start.js would orphan them).
      const gone = new Promise((resolve) => start?.once('exit', resolve));
      start.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    }
    const admin = new Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  });

  it('creates the database, runs both services with demo defaults, carries a milestone to its notification and stops on SIGINT', async () => {
    expect([missingBuild('tracking'), missingBuild('notifications')].filter(Boolean)).toEqual([]);
    const { API_KEYS: _keys, SMS_PROVIDER_URL: _sms, ...inherited } = process.env;
    start = spawn(process.execPath, [START], {
      env: { ...inherited, DATABASE_URL: url.toString(), TRACKING_PORT: '0', NOTIFICATIONS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => start?.once('exit', (code) => resolve(code)));

    const summary = await waitFor(() => (/Ctrl-C stops both/.test(output) ? output : undefined), { timeoutMs: 40_000, description: 'the start summary' });
    expect(summary).toContain(`start: database ${url.toString()} created`);
    expect(summary).toContain('demo-key (tenant demo');
    expect(summary).toMatch(/development sink for .*sms/);
    const tracking = /tracking {7}(http:\/\/127\.0\.0\.1:\d+)/.exec(summary)?.[1] as string;
    const notifications = /notifications {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(summary)?.[1] as string;
    expect(summary).toContain(`curl -s -X POST ${tracking}/shipments -H 'Authorization: Bearer demo-key'`);

    await request(tracking)
      .post('/shipments')
      .set('Authorization', DEMO)
      .send({ trackingNumber: 'TN-START-1', recipient: { phone: '+5215599990001' }, notify: [{ on: 'delivered', channel: 'sms' }] })
      .expect(201);
    await request(tracking).post('/shipments/TN-START-1/events').set('Authorization', DEMO).send({ eventId: 'e-1', status: 'delivered', occurredAt: minutesAgo(1) }).expect(202);
    const notificationId = await waitFor(
      async () => (await request(tracking).get('/shipments/TN-START-1').set('Authorization', DEMO).expect(200)).body.notifications[0]?.notificationId as string | undefined,
      { description: 'the delivered notification request' },
    );
    await waitFor(async () => (await request(notifications).get(`/notifications/${notificationId}`).set('Authorization', DEMO)).body.status === 'sent', {
      description: 'the notification sent through the development sink',
    });
    expect(output).toContain('development sink: notification delivered');
    expect(output).not.toContain('+5215599990001');

    start.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output.match(/messaging closed/g)).toHaveLength(2);
  }, 90_000);
});
