import { AdminModule } from '@tenaz/service-kit';
import { createTestDatabase, createTestVhost, TestDatabase, TestVhost, waitFor } from '@tenaz/test-kit';
import request from 'supertest';
import { parkFailedOutboxRow } from '../helpers/parked-outbox-row';
import { startTestApp, TestApp } from '../helpers/test-app';
import { bearer } from '../helpers/tracking-client';

const ADMIN = 'Bearer tracking-admin-key-0123456789';

/**
 * The tracking service's admin API and dashboard, with `notifications` on RabbitMQ so that its
 * milestone messages go through the transactional outbox: the outbox panel's rows are real.
 */
describe(`${AdminModule.name} (tracking)`, () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: TestApp;
  const admin = () => ({
    get: (path: string) => request(service.url).get(path).set('Authorization', ADMIN),
    post: (path: string) => request(service.url).post(path).set('Authorization', ADMIN),
  });

  beforeAll(async () => {
    database = await createTestDatabase('tracking_admin');
    vhost = await createTestVhost('tracking_admin');
    service = await startTestApp({
      DATABASE_URL: database.url,
      RABBITMQ_URL: vhost.url,
      NOTIFICATIONS_QUEUE_TRANSPORT: 'rabbitmq',
      ADMIN_API_KEYS: 'oncall:tracking-admin-key-0123456789',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await vhost?.drop();
    await database?.drop();
  });

  it('answers 401 without an admin key and 403 to a tenant key, on every admin route', async () => {
    for (const path of ['/admin/api/queues', '/admin/api/queues/track_trace/dead-letters', '/admin/api/outbox']) {
      await request(service.url).get(path).expect(401);
      await request(service.url).get(path).set('Authorization', bearer('acme')).expect(403);
    }
    await request(service.url).post('/admin/api/outbox/failed/retry').set('Authorization', bearer('acme')).send({ all: true }).expect(403);
  });

  it('lists both queues with their transports and SLA state', async () => {
    const { body } = await admin().get('/admin/api/queues').expect(200);
    expect(body.count).toBe(2);
    const byName = Object.fromEntries(body.queues.map((queue: { queue: string }) => [queue.queue, queue]));
    expect(byName['track_trace']).toMatchObject({ transport: 'postgres', state: 'idle' });
    expect(byName['notifications']).toMatchObject({ transport: 'rabbitmq' });
    expect((await admin().get('/admin/api/queues/track_trace/history?windowMs=300000').expect(200)).body.count).toBe(5);
  });

  it('shows a row the relay parked as failed with counts, retries it by id and the relay sends it', async () => {
    const id = await parkFailedOutboxRow(database.sql, 'TRK-ADMIN-1', { recipient: '+5215512345678' });
    const { body } = await admin().get('/admin/api/outbox').expect(200);
    expect(body.backlog).toMatchObject({ pending: 0, failed: 1, queues: [expect.objectContaining({ queue: 'notifications', failed: 1 })] });
    expect(body.failed).toMatchObject({
      total: 1,
      count: 1,
      rows: [expect.objectContaining({ id, attempts: 10, lastError: 'broker unreachable' })],
    });
    expect(JSON.stringify(body)).not.toContain('+5215512345678');

    await admin()
      .post('/admin/api/outbox/failed/retry')
      .send({ ids: ['not-a-uuid'] })
      .expect(400);
    const retried = await admin()
      .post('/admin/api/outbox/failed/retry')
      .send({ ids: [id] })
      .expect(200);
    expect(retried.body).toEqual({ retried: 1 });
    const sent = await waitFor(
      async () => {
        const { rows } = await database.sql.query<{ status: string; processed_at: Date | null }>(
          'SELECT status, processed_at FROM tenaz.outbox WHERE id = $1',
          [id],
        );
        return rows[0].status === 'sent' ? rows[0] : undefined;
      },
      { timeoutMs: 15_000, description: 'the retried row confirmed by the broker' },
    );
    expect(sent.processed_at).toBeInstanceOf(Date);
    expect((await admin().get('/admin/api/outbox').expect(200)).body.backlog).toMatchObject({ pending: 0, failed: 0 });
  });

  it('serves the dashboard page and its assets without a key, under a strict content security policy', async () => {
    const page = await request(service.url).get('/admin').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const script = /src="(?:\.\/|\/admin\/)?assets\/([^"]+\.js)"/.exec(page.text);
    expect(script).not.toBeNull();
    const asset = await request(service.url).get(`/admin/assets/${script?.[1]}`).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    await request(service.url).get('/admin/assets/nope.js').expect(404);
  });
});
