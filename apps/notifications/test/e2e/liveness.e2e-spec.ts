import { PoolStallDetector } from '@tenaz/service-kit';
import { createProxiedTestDatabase, ProxiedTestDatabase, waitFor } from '@tenaz/test-kit';
import request from 'supertest';
import { DataSource, QueryRunner } from 'typeorm';
import { startTestApp, TENANTS, TestApp } from '../helpers/test-app';

const ACME = `Bearer ${TENANTS.acme.key}`;
const POOL_SIZE = 4;
const STALL_MS = 2_000;

/**
 * `/health/live` fails when the process is wedged, and only then: every pool connection checked
 * out, none returned for LIVENESS_STALL_MS, while PostgreSQL answers. Requests meanwhile fail
 * within the pool's acquisition timeout instead of waiting for ever.
 */
describe(PoolStallDetector.name, () => {
  let database: ProxiedTestDatabase;
  let service: TestApp;
  let held: QueryRunner[] = [];

  const live = () => request(service.url).get('/health/live');
  const post = () =>
    request(service.url)
      .post('/notifications')
      .set('Authorization', ACME)
      .send({ channel: 'sms', recipient: '+5215500000019', body: 'hola' });

  beforeAll(async () => {
    database = await createProxiedTestDatabase('notif_live');
    service = await startTestApp({
      DATABASE_URL: database.proxiedUrl,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      DELIVERY_ENABLED: 'false',
      LIVENESS_STALL_MS: String(STALL_MS),
    });
  }, 30_000);

  afterEach(async () => {
    database.proxy.restore();
    await Promise.all(held.map((runner) => runner.release()));
    held = [];
  });

  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('reports the process wedged once every connection has been held with none returned while PostgreSQL answers, and live again once they return', async () => {
    await post().expect(202);
    await live().expect(200);
    // A leak or a stuck handler holding every connection of the pool.
    const dataSource = service.app.get(DataSource);
    held = await Promise.all(
      Array.from({ length: POOL_SIZE }, async () => {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        await runner.query('SELECT 1');
        return runner;
      }),
    );

    const started = Date.now();
    const waiting = await post();
    // The pool's acquisition timeout (5 s) ends the wait: a 503 the client retries, never a hang.
    expect(waiting.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(7_000);

    const wedged = await waitFor(
      async () => {
        const answer = await live();
        return answer.status === 503 ? answer : undefined;
      },
      { description: '/health/live to report the wedge' },
    );
    expect(wedged.body.error.process.message).toMatch(
      /every database connection of the pool \(4\) has been checked out for \d+ s with none returned, while the database answers/,
    );

    await Promise.all(held.map((runner) => runner.release()));
    held = [];
    await live().expect(200);
    await post().expect(202);
  }, 30_000);

  it('stays live while PostgreSQL is unreachable, however long: readiness reports that, not liveness', async () => {
    database.proxy.refuse();
    database.proxy.cut();
    const until = Date.now() + STALL_MS * 2;
    while (Date.now() < until) {
      expect((await post()).status).toBe(503);
      expect((await live()).status).toBe(200);
    }
    expect((await request(service.url).get('/health/ready')).status).toBe(503);
  }, 30_000);
});
