import { createTestDatabase, TestDatabase, waitFor } from '@tenaz/test-kit';
import request from 'supertest';
import { DeliverNotificationUsecase } from '../../src/notifications/deliver-notification/deliver-notification.usecase';
import { FakeHttpProvider } from '../helpers/fake-http-provider';
import { spawnService, SpawnedService } from '../helpers/spawned-service';
import { TENANTS } from '../helpers/test-app';

const ACME = `Bearer ${TENANTS.acme.key}`;
/** The shortest lease a 2 s provider timeout allows: 1.5 x (2 s + 2 s + 1 s) = 7.5 s (see leaseProblem). */
const LEASE_MS = 7_500;
const PROVIDER_TIMEOUT_MS = 2_000;
/** The polling backstop: nothing NOTIFYs another process that a lease lapsed, its next claim finds it. */
const POLL_MS = 5_000;
/** The provider takes 1.5 s: long enough to freeze the process while its request is in flight. */
const PROVIDER_DELAY_MS = 1_500;
/** The bound stated in the README: the lease, the polling backstop, one provider call, and 3 s of slack for a loaded machine. */
const TAKEOVER_BOUND_MS = LEASE_MS + POLL_MS + PROVIDER_DELAY_MS + 3_000;

interface View {
  status: string;
  providerMessageId: string | null;
  attempts: { number: number; outcome: string; providerMessageId: string | null }[];
}

/**
 * A delivering process frozen with SIGSTOP (a paused VM, a stopped container) while its provider
 * call is in flight: it keeps its inbox transaction, whose uncommitted inbox record would block
 * any other delivery of the message for as long as the freeze lasts. The server ends that
 * transaction after `idle_in_transaction_session_timeout` (PROVIDER_TIMEOUT_MS + 2 s), before two
 * thirds of the lease, so another process takes the delivery over when the lease lapses and never
 * waits on the frozen one's locks; after SIGCONT, the frozen process's late outcome is fenced off.
 */
describe(`${DeliverNotificationUsecase.name}: the service frozen mid-delivery`, () => {
  let database: TestDatabase;
  let provider: FakeHttpProvider;
  const running: SpawnedService[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('freeze');
    provider = await new FakeHttpProvider().start();
    provider.delayMs = PROVIDER_DELAY_MS;
    env = {
      DATABASE_URL: database.url,
      API_KEYS: `${TENANTS.acme.id}:${TENANTS.acme.key}`,
      SMS_PROVIDER_URL: `${provider.url}/sms`,
      DELIVERY_LEASE_MS: String(LEASE_MS),
      PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS),
    };
  });

  afterAll(async () => {
    for (const service of running) {
      service.process.kill('SIGCONT');
      service.process.kill('SIGKILL');
      await service.exited;
    }
    await provider?.stop();
    await database?.drop();
  });

  const start = async () => {
    const service = await spawnService(env);
    running.push(service);
    return service;
  };
  const view = async (service: SpawnedService, id: string) =>
    (await request(service.url).get(`/notifications/${id}`).set('Authorization', ACME).expect(200)).body as View;

  it("has another process complete the delivery within the stated bound, and fences off the frozen one's late outcome after SIGCONT", async () => {
    const frozen = await start();
    const accepted = await request(frozen.url)
      .post('/notifications')
      .set('Authorization', ACME)
      .send({ channel: 'sms', recipient: '+5215577770001', body: 'congelado' })
      .expect(202);
    const id = accepted.body.id as string;
    await waitFor(() => provider.requestsFor(id).length === 1, { description: 'the first process to call the provider' });
    frozen.process.kill('SIGSTOP');
    const frozenAt = Date.now();

    const other = await start();
    const sent = await waitFor(
      async () => {
        const current = await view(other, id);
        return current.status === 'sent' ? current : undefined;
      },
      { timeoutMs: TAKEOVER_BOUND_MS + 10_000, intervalMs: 200, description: 'the other process to complete the delivery' },
    );
    const takeoverMs = Date.now() - frozenAt;
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);
    // The frozen attempt is interrupted, the second one sent; the provider deduplicated the repeat by its idempotency key.
    expect(sent.attempts.map((attempt) => attempt.outcome)).toEqual(['interrupted', 'sent']);
    expect(provider.requestsFor(id)).toHaveLength(2);
    expect(provider.sends.get(id)).toBe(1);
    const frozenSession = await database.sql.query(
      `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tenaz:notifications' AND state = 'idle in transaction'`,
    );
    expect(frozenSession.rows[0].count).toBe(0);

    frozen.process.kill('SIGCONT');
    // A later positive signal first: the resumed process finishes its late provider call and logs
    // that its outcome was fenced off (its attempt had been interrupted by the other process).
    await waitFor(
      () =>
        frozen.logs.some((entry) => entry['msg'] === 'the attempt was taken over by another delivery; its late outcome is not recorded'),
      {
        timeoutMs: 15_000,
        description: 'the resumed process to meet the fence',
      },
    );
    const after = await view(other, id);
    expect(after).toEqual(sent);
    expect(after.attempts.map((attempt) => `${attempt.number}:${attempt.outcome}`)).toEqual(['1:interrupted', '2:sent']);
    // Requests, not the fake's deduplicated sends: the resumed process must not have called again.
    expect(provider.requestsFor(id)).toHaveLength(2);
    expect(provider.sends.get(id)).toBe(1);
    // The queue's message was settled once, by the other process: nothing left pending or held (an ack may delete the row).
    const message = await database.sql.query(
      `SELECT status FROM tenaz.reliable_messages WHERE payload->>'notificationId' = $1 AND status <> 'completed'`,
      [id],
    );
    expect(message.rows).toEqual([]);
  }, 90_000);
});
