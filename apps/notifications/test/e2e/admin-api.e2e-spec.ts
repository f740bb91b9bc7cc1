import { AdminModule } from '@tenaz/service-kit';
import { createTestDatabase, TestDatabase, waitFor } from '@tenaz/test-kit';
import request from 'supertest';
import { FakeHttpProvider } from '../helpers/fake-http-provider';
import { startTestApp, TENANTS, TestApp } from '../helpers/test-app';

const ADMIN = 'Bearer ops-admin-key-0123456789';
const ACME = `Bearer ${TENANTS.acme.key}`;
/** The provider rejects this number (HTTP 400): the notification is dead-lettered at once. */
const REJECTED = '+5215500000001';

describe(AdminModule.name, () => {
  let database: TestDatabase;
  let provider: FakeHttpProvider;
  let service: TestApp;
  const notificationIds: string[] = [];

  const admin = () => ({
    get: (path: string) => request(service.url).get(path).set('Authorization', ADMIN),
    post: (path: string) => request(service.url).post(path).set('Authorization', ADMIN),
  });
  const notification = async (id: string) =>
    (await request(service.url).get(`/notifications/${id}`).set('Authorization', ACME).expect(200)).body as { status: string };

  beforeAll(async () => {
    database = await createTestDatabase('admin_api');
    provider = await new FakeHttpProvider().start();
    service = await startTestApp(
      { DATABASE_URL: database.url, SMS_PROVIDER_URL: `${provider.url}/sms`, ADMIN_API_KEYS: 'ops:ops-admin-key-0123456789' },
      { captureLogs: true },
    );
    for (const body of ['first', 'second']) {
      provider.script(REJECTED, { status: 400 });
      const sent = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .send({ channel: 'sms', recipient: REJECTED, body })
        .expect(202);
      notificationIds.push(sent.body.id as string);
    }
    await waitFor(async () => (await admin().get('/admin/api/queues/notifications/dead-letters')).body.total === 2, {
      description: 'two dead letters',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await provider?.stop();
    await database?.drop();
  });

  it('answers 401 without a key or with an unknown one, 403 to a tenant key', async () => {
    const none = await request(service.url).get('/admin/api/queues').expect(401);
    expect(none.body.message).toEqual(['an admin key is required: Authorization: Bearer <admin key>']);
    await request(service.url).get('/admin/api/queues').set('Authorization', 'Bearer not-a-key-at-all-0000').expect(401);
    const tenant = await request(service.url)
      .post('/admin/api/queues/notifications/dead-letters/replay')
      .set('Authorization', ACME)
      .send({ all: true })
      .expect(403);
    expect(tenant.body.message[0]).toMatch(/tenant API key cannot use the admin API/);
    expect((await admin().get('/admin/api/queues/notifications/dead-letters')).body.total).toBe(2);
  });

  it('lists every queue with its figures, configuration and SLA verdict', async () => {
    const { body } = await admin().get('/admin/api/queues').expect(200);
    expect(body.count).toBe(2);
    expect(body.queues.map((queue: { queue: string }) => queue.queue).sort()).toEqual(['notifications', 'track_trace']);
    const notifications = body.queues.find((queue: { queue: string }) => queue.queue === 'notifications');
    expect(notifications).toMatchObject({
      transport: 'postgres',
      slaMs: 30_000,
      deadLettered: 2,
      retry: { backoff: 'exponential', maxRetries: 5 },
    });
    expect(typeof notifications.slaCompliant).toBe('boolean');
    await admin().get('/admin/api/queues/parcels').expect(404);
  });

  it("answers a queue's last hour by the minute: counts and latency percentiles per bucket, oldest first", async () => {
    const { body } = await admin().get('/admin/api/queues/notifications/history').expect(200);
    expect(body).toMatchObject({ queue: 'notifications', windowMs: 3_600_000, bucketMs: 60_000, count: 60 });
    expect(body.buckets).toHaveLength(60);
    const percentiles = { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) };
    for (const bucket of body.buckets) {
      expect(bucket).toEqual({
        at: expect.any(String),
        published: expect.any(Number),
        completed: expect.any(Number),
        failed: expect.any(Number),
        deadLettered: expect.any(Number),
        processingMs: percentiles,
        endToEndMs: percentiles,
        depth:
          bucket.depth === null
            ? null
            : {
                pending: expect.any(Number),
                processing: expect.any(Number),
                deadLettered: expect.any(Number),
                oldestPendingAgeMs: expect.any(Number),
              },
      });
    }
    const starts = body.buckets.map((bucket: { at: string }) => Date.parse(bucket.at));
    expect(starts).toEqual([...starts].sort((a: number, b: number) => a - b));
    const total = (field: 'published' | 'failed' | 'deadLettered') =>
      body.buckets.reduce((sum: number, bucket: Record<string, number>) => sum + bucket[field], 0);
    // Two notifications, each rejected once by the provider (a permanent error: no retry).
    expect({ published: total('published'), failed: total('failed'), deadLettered: total('deadLettered') }).toEqual({
      published: 2,
      failed: 2,
      deadLettered: 2,
    });

    // Depth is sampled every 10 s: the latest sample shows the two dead letters and nothing waiting.
    const depth = await waitFor(
      async () => {
        const recent = (await admin().get('/admin/api/queues/notifications/history?windowMs=120000&bucketMs=60000').expect(200)).body;
        return recent.buckets[1].depth ?? recent.buckets[0].depth;
      },
      { timeoutMs: 25_000, description: 'a depth sample in the history' },
    );
    expect(depth).toEqual({ pending: 0, processing: 0, deadLettered: 2, oldestPendingAgeMs: 0 });

    const short = await admin().get('/admin/api/queues/notifications/history?windowMs=300000&bucketMs=60000').expect(200);
    expect(short.body.count).toBe(5);
    const tooMany = await admin().get('/admin/api/queues/notifications/history?windowMs=86400000&bucketMs=1000').expect(400);
    expect(tooMany.body.message.join(' ')).toMatch(/bucketMs/);
  }, 30_000);

  it('lists dead letters with filters and counts, and shows one whole', async () => {
    const all = (await admin().get('/admin/api/queues/notifications/dead-letters').expect(200)).body;
    expect(all).toMatchObject({ queue: 'notifications', total: 2, count: 2, limit: 50, offset: 0 });
    expect(all.deadLetters[0]).toMatchObject({ type: 'notification.deliver', tenantId: 'acme', attempts: 1 });
    expect(all.deadLetters[0].payload).toBeUndefined();

    const page = (
      await admin().get('/admin/api/queues/notifications/dead-letters?limit=1&offset=1&tenantId=acme&newerThanMs=600000').expect(200)
    ).body;
    expect(page).toMatchObject({ total: 2, count: 1, limit: 1, offset: 1 });
    expect((await admin().get('/admin/api/queues/notifications/dead-letters?type=other').expect(200)).body).toMatchObject({
      total: 0,
      count: 0,
    });
    expect((await admin().get('/admin/api/queues/notifications/dead-letters?olderThanMs=600000').expect(200)).body.total).toBe(0);

    const shown = (await admin().get(`/admin/api/queues/notifications/dead-letters/${all.deadLetters[0].id}`).expect(200)).body.deadLetter;
    expect(shown).toMatchObject({
      id: all.deadLetters[0].id,
      reason: expect.stringMatching(/400/),
      attempts: 1,
      payload: expect.any(Object),
      headers: expect.any(Object),
    });
    await admin().get('/admin/api/queues/notifications/dead-letters/6f1c1f1e-0000-4000-8000-000000000000').expect(404);
    await admin().get('/admin/api/queues/parcels/dead-letters').expect(404);
  });

  it('refuses bad filters and bodies with a 400 naming the field, changing nothing', async () => {
    const age = await admin().get('/admin/api/queues/notifications/dead-letters?olderThanMs=-5').expect(400);
    const limit = await admin().get('/admin/api/queues/notifications/dead-letters?limit=0').expect(400);
    expect(limit.body.message.join(' ')).toMatch(/limit/);
    const offset = await admin().get('/admin/api/outbox?offset=-1').expect(400);
    expect(offset.body.message.join(' ')).toMatch(/offset/);
    expect(age.body.message.join(' ')).toMatch(/olderThanMs/);
    const empty = await admin().post('/admin/api/queues/notifications/dead-letters/replay').send({}).expect(400);
    expect(empty.body.message).toEqual(['(body): exactly one of ids, filter or all is required']);
    const unconfirmed = await admin().post('/admin/api/queues/notifications/dead-letters/purge').send({ all: true }).expect(400);
    expect(unconfirmed.body.message.join(' ')).toMatch(/confirm: must be true to purge/);
    await admin()
      .post('/admin/api/queues/notifications/dead-letters/replay')
      .send({ ids: ['nope'] })
      .expect(400);
    expect((await admin().get('/admin/api/queues/notifications/dead-letters').expect(200)).body.total).toBe(2);
  });

  it('replays one dead letter by id (delivered now that the provider accepts it) and purges the rest with confirmation, logging who did what', async () => {
    const letters = (await admin().get('/admin/api/queues/notifications/dead-letters').expect(200)).body.deadLetters as { id: string }[];
    const replay = await admin()
      .post('/admin/api/queues/notifications/dead-letters/replay')
      .send({ ids: [letters[0].id] })
      .expect(200);
    expect(replay.body).toEqual({ queue: 'notifications', replayed: 1 });
    const sent = await waitFor(
      async () => {
        const statuses = await Promise.all(notificationIds.map(notification));
        return statuses.find((entry) => entry.status === 'sent');
      },
      { description: 'the replayed notification sent' },
    );
    expect(sent.status).toBe('sent');

    const purge = await admin()
      .post('/admin/api/queues/notifications/dead-letters/purge')
      .send({ filter: { tenantId: 'acme' }, confirm: true })
      .expect(200);
    expect(purge.body).toEqual({ queue: 'notifications', purged: 1 });
    expect((await admin().get('/admin/api/queues/notifications/dead-letters').expect(200)).body.total).toBe(0);
    expect(await Promise.all(notificationIds.map(async (id) => (await notification(id)).status))).toEqual(
      expect.arrayContaining(['sent', 'dead']),
    );

    const audit = service.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === 'admin action');
    expect(audit).toEqual([
      expect.objectContaining({
        admin: 'ops',
        action: 'dead-letters.replay',
        queue: 'notifications',
        selection: { ids: [letters[0].id], idCount: 1 },
        count: 1,
      }),
      expect.objectContaining({
        admin: 'ops',
        action: 'dead-letters.purge',
        queue: 'notifications',
        selection: { filter: { tenantId: 'acme' } },
        count: 1,
      }),
    ]);
    expect(service.logs.join('\n')).not.toContain(REJECTED);
    expect(service.logs.join('\n')).not.toContain('ops-admin-key-0123456789');
  });

  it('replays by filter, then all that are left, and purges all with confirmation, each answer with its count', async () => {
    const GLOBEX = `Bearer ${TENANTS.globex.key}`;
    const deadLetter = async (key: string, body: string) => {
      provider.script(REJECTED, { status: 400 });
      return (
        await request(service.url)
          .post('/notifications')
          .set('Authorization', key)
          .send({ channel: 'sms', recipient: REJECTED, body })
          .expect(202)
      ).body.id as string;
    };
    const letters = async () => (await admin().get('/admin/api/queues/notifications/dead-letters').expect(200)).body.total as number;
    const statusOf = async (key: string, id: string) =>
      (await request(service.url).get(`/notifications/${id}`).set('Authorization', key).expect(200)).body.status as string;
    const sentAll = (key: string, ids: string[]) =>
      waitFor(async () => (await Promise.all(ids.map((id) => statusOf(key, id)))).every((status) => status === 'sent'), {
        description: `${ids.length} replayed notifications sent`,
      });

    const acme = [await deadLetter(ACME, 'third'), await deadLetter(ACME, 'fourth')];
    const globex = await deadLetter(GLOBEX, 'fifth');
    await waitFor(async () => (await letters()) === 3, { description: 'three dead letters' });

    const byFilter = await admin()
      .post('/admin/api/queues/notifications/dead-letters/replay')
      .send({ filter: { tenantId: 'globex', type: 'notification.deliver' } })
      .expect(200);
    expect(byFilter.body).toEqual({ queue: 'notifications', replayed: 1 });
    await sentAll(GLOBEX, [globex]);
    expect(await Promise.all(acme.map((id) => statusOf(ACME, id)))).toEqual(['dead', 'dead']);

    const all = await admin().post('/admin/api/queues/notifications/dead-letters/replay').send({ all: true }).expect(200);
    expect(all.body).toEqual({ queue: 'notifications', replayed: 2 });
    await sentAll(ACME, acme);
    expect(await letters()).toBe(0);

    await deadLetter(ACME, 'sixth');
    await deadLetter(GLOBEX, 'seventh');
    await waitFor(async () => (await letters()) === 2, { description: 'two new dead letters' });
    const purged = await admin().post('/admin/api/queues/notifications/dead-letters/purge').send({ all: true, confirm: true }).expect(200);
    expect(purged.body).toEqual({ queue: 'notifications', purged: 2 });
    expect(await letters()).toBe(0);
  });

  it('shows the outbox backlog and failed rows with counts, and retries them', async () => {
    const { body } = await admin().get('/admin/api/outbox').expect(200);
    expect(body).toEqual({
      backlog: { pending: 0, failed: 0, oldestPendingAgeMs: 0, queues: [] },
      failed: { total: 0, count: 0, rows: [] },
    });
    expect((await admin().post('/admin/api/outbox/failed/retry').send({ all: true }).expect(200)).body).toEqual({ retried: 0 });
    await admin().post('/admin/api/outbox/failed/retry').send({}).expect(400);
  });
});
