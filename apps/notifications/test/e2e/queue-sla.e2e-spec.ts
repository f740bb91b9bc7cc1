import { HealthController } from '@tenaz/service-kit';
import { createTestDatabase, TestDatabase, waitFor } from '@tenaz/test-kit';
import request from 'supertest';
import { FakeHttpProvider } from '../helpers/fake-http-provider';
import { startTestApp, TENANTS, TestApp } from '../helpers/test-app';

const ACME = `Bearer ${TENANTS.acme.key}`;
/** A short SLA, so retries of 1 s then 2 s (the seed's exponential policy) break it within seconds. */
const SLA_MS = 1_500;

/**
 * A provider failing for a while under load breaks queue `notifications`' SLA (its deliveries
 * complete only after their retries' backoff). Readiness means "this replica can take requests",
 * so it stays 200 throughout; the breach shows on `/health/sla`, in `/metrics` and in readiness's
 * details.
 */
describe(`${HealthController.name}: the queue's SLA and readiness`, () => {
  let database: TestDatabase;
  let provider: FakeHttpProvider;
  let service: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('notif_sla');
    provider = await new FakeHttpProvider().start();
    service = await startTestApp({
      DATABASE_URL: database.url,
      SMS_PROVIDER_URL: `${provider.url}/sms`,
      NOTIFICATIONS_QUEUE_SLA_MS: String(SLA_MS),
    });
  }, 30_000);

  afterAll(async () => {
    await service?.close();
    await provider?.stop();
    await database?.drop();
  });

  const slaGauge = async (): Promise<number | undefined> => {
    const text = (await request(service.url).get('/metrics').expect(200)).text;
    const line = text
      .split('\n')
      .find((candidate) => candidate.startsWith('tenaz_queue_sla_compliant{') && candidate.includes('queue="notifications"'));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };

  it('keeps /health/ready at 200 while a failing provider breaks the SLA, and reports the breach on /health/sla and in /metrics', async () => {
    await request(service.url).get('/health/sla').expect(200);
    expect(await slaGauge()).toBe(1);

    // Load: 12 notifications whose provider fails twice each before accepting (5xx, retried by policy).
    const recipients = Array.from({ length: 12 }, (_, index) => `+52155666${String(index).padStart(5, '0')}`);
    recipients.forEach((recipient) => provider.script(recipient, { status: 500 }, { status: 503 }));
    const ids: string[] = [];
    for (const recipient of recipients) {
      ids.push(
        (
          await request(service.url)
            .post('/notifications')
            .set('Authorization', ACME)
            .send({ channel: 'sms', recipient, body: 'reintento' })
            .expect(202)
        ).body.id,
      );
    }

    const readiness: number[] = [];
    const breach = await waitFor(
      async () => {
        readiness.push((await request(service.url).get('/health/ready')).status);
        const sla = await request(service.url).get('/health/sla');
        return sla.status === 503 ? sla : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, description: '/health/sla to report the breach' },
    );
    expect(breach.body.error.sla).toMatchObject({
      status: 'down',
      message: 'queue notifications breaks its SLA',
      slaBreaches: ['notifications'],
      queues: { notifications: { slaCompliant: false, slaMs: SLA_MS } },
    });
    expect(await slaGauge()).toBe(0);
    const ready = await request(service.url).get('/health/ready');
    readiness.push(ready.status);
    expect(ready.body.info.messaging).toMatchObject({ status: 'up', slaBreaches: ['notifications'] });
    expect(readiness.length).toBeGreaterThan(0);
    expect(readiness.filter((status) => status !== 200)).toEqual([]);

    // Every notification still went out (after its retries): the replica was fit for traffic all along.
    await waitFor(
      async () => {
        const views = await Promise.all(
          ids.map(
            async (id) => (await request(service.url).get(`/notifications/${id}`).set('Authorization', ACME)).body as { status: string },
          ),
        );
        return views.every((view) => view.status === 'sent');
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'every notification sent after its retries' },
    );
    // Counted in requests (the fake deduplicates a repeat with the same key): two failures, then one send.
    expect(ids.map((id) => provider.requestsFor(id).map((received) => received.status))).toEqual(ids.map(() => [500, 503, 200]));
  }, 60_000);
});
