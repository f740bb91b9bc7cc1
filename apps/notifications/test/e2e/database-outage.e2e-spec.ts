import { AppExceptionFilter } from '@tenaz/service-kit';
import { createProxiedTestDatabase, ProxiedTestDatabase, waitFor } from '@tenaz/test-kit';
import request from 'supertest';
import { startTestApp, TENANTS, TestApp } from '../helpers/test-app';

const ACME = `Bearer ${TENANTS.acme.key}`;

/** PostgreSQL unreachable (every connection reset, new ones refused) while clients keep posting. */
describe(`${AppExceptionFilter.name}: the database unreachable`, () => {
  let database: ProxiedTestDatabase;
  let service: TestApp;

  const countNotifications = async () =>
    Number((await database.sql.query('SELECT count(*) FROM notifications.notifications')).rows[0].count);
  const post = () =>
    request(service.url)
      .post('/notifications')
      .set('Authorization', ACME)
      .send({ channel: 'sms', recipient: '+5215500000009', body: 'hola' });

  beforeAll(async () => {
    database = await createProxiedTestDatabase('notif_outage');
    service = await startTestApp({ DATABASE_URL: database.proxiedUrl, DELIVERY_ENABLED: 'false' });
  }, 30_000);

  afterAll(async () => {
    database?.proxy.restore();
    await service?.close();
    await database?.drop();
  });

  it('answers 503 with a reason while it is down, stores nothing, and accepts again once it is back', async () => {
    await post().expect(202);
    database.proxy.refuse();
    database.proxy.cut();

    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: ['the database is unavailable; retry later'] });
    expect(await countNotifications()).toBe(1);

    database.proxy.restore();
    await waitFor(async () => (await post()).status === 202, { description: 'a 202 once the database is reachable again' });
    expect(await countNotifications()).toBe(2);
  });

  it('answers /health/ready 503 with the reason and no internals (host, port, driver text, stack), and keeps /health/live up', async () => {
    database.proxy.refuse();
    database.proxy.cut();
    const ready = await waitFor(
      async () => {
        const answer = await request(service.url).get('/health/ready');
        return answer.status === 503 && answer.body.error?.database ? answer : undefined;
      },
      { description: 'readiness to report the database' },
    );
    expect(ready.body.error.database).toEqual({
      status: 'down',
      message: expect.stringMatching(
        /^(connection refused|connection reset|connection closed|no answer within 2000 ms|no connection available in time)$/,
      ),
    });
    const text = JSON.stringify(ready.body);
    expect(text).not.toMatch(/127\.0\.0\.1|localhost|connect ECONN|read ECONN|postgres@|SELECT|\bat \w+ \(|\.js:\d+/);
    expect(text).not.toContain(String(database.proxy.port));
    await request(service.url).get('/health/live').expect(200);
    database.proxy.restore();
    await waitFor(async () => (await request(service.url).get('/health/ready')).status === 200, {
      description: 'readiness once the database is back',
    });
  }, 30_000);
});
