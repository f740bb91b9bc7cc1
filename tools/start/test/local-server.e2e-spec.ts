import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import request from 'supertest';
import { waitFor } from '@tenaz/test-kit';
import { missingBuilds, spawnStart, StartProcess } from './helpers/start-process';

const SERVER_URL = process.env['TENAZ_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const DEMO = 'Bearer demo-key';

/**
 * `npm start` given a PostgreSQL server (DATABASE_URL): it creates a database that does not exist
 * yet, starts both built services with the development defaults, prints where they listen and a
 * first request, and stops both gracefully on Ctrl-C.
 */
describe('npm start with DATABASE_URL', () => {
  const name = `t_track_start_${randomBytes(4).toString('hex')}`;
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  let start: StartProcess | undefined;

  afterAll(async () => {
    // SIGTERM, not SIGKILL: npm start stops its services first (a killed one would orphan them).
    await start?.stop('SIGTERM');
    const admin = new Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  });

  it('creates the database, runs both services with demo defaults, carries a milestone to its notification and stops on SIGINT', async () => {
    expect(missingBuilds()).toEqual([]);
    start = spawnStart([], { DATABASE_URL: url.toString() });
    const { summary, tracking, notifications } = await start.running();
    expect(summary).toContain(`start: database ${url.toString()} created`);
    expect(summary).toContain('demo-key (tenant demo');
    expect(summary).toMatch(/development sink for .*sms/);
    expect(summary).not.toContain('embedded');
    expect(summary).toContain(`curl -s -X POST ${tracking}/shipments -H 'Authorization: Bearer demo-key'`);

    await request(tracking)
      .post('/shipments')
      .set('Authorization', DEMO)
      .send({ trackingNumber: 'TN-START-1', recipient: { phone: '+5215599990001' }, notify: [{ on: 'delivered', channel: 'sms' }] })
      .expect(201);
    await request(tracking)
      .post('/shipments/TN-START-1/events')
      .set('Authorization', DEMO)
      .send({ eventId: 'e-1', status: 'delivered', occurredAt: new Date(Date.now() - 60_000).toISOString() })
      .expect(202);
    const notificationId = await waitFor(
      async () =>
        (await request(tracking).get('/shipments/TN-START-1').set('Authorization', DEMO).expect(200)).body.notifications[0]
          ?.notificationId as string | undefined,
      { description: 'the delivered notification request' },
    );
    await waitFor(
      async () => (await request(notifications).get(`/notifications/${notificationId}`).set('Authorization', DEMO)).body.status === 'sent',
      {
        description: 'the notification sent through the development sink',
      },
    );
    expect(start.output()).toContain('development sink: notification delivered');
    expect(start.output()).not.toContain('+5215599990001');

    expect(await start.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(start.output().match(/messaging closed/g)).toHaveLength(2);
  }, 90_000);
});
