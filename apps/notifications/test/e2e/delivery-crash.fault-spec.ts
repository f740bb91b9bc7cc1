import request from 'supertest';
import { DeliverNotificationUsecase } from '../../src/notifications/deliver-notification/deliver-notification.usecase';
import { FakeHttpProvider } from '../helpers/fake-http-provider';
import { spawnService, SpawnedService } from '../helpers/spawned-service';
import { TENANTS } from '../helpers/test-app';
import { TestDatabase, TestVhost, createTestDatabase, createTestVhost, waitFor } from '@tenaz/test-kit';

const ACME = `Bearer ${TENANTS.acme.key}`;
const CHANNELS = [
  { channel: 'sms', recipient: (n: number) => `+52155222${String(n).padStart(5, '0')}` },
  { channel: 'whatsapp', recipient: (n: number) => `+52155333${String(n).padStart(5, '0')}` },
  { channel: 'push', recipient: (n: number) => `fcm:crash-test-token-${String(n).padStart(16, '0')}` },
];

interface View {
  id: string;
  status: string;
  attempts: { outcome: string }[];
}

/**
 * The built service is SIGKILLed while deliveries are in flight (a slow provider holds them), then
 * restarted: every accepted notification ends `sent` or `dead` and none is sent twice. Email is
 * left out: SMTP has no idempotency key, so a send interrupted between the provider accepting it
 * and the service recording it may be repeated (see README, "Exactly one send").
 */
describe(`${DeliverNotificationUsecase.name}: the service killed during deliveries`, () => {
  describe.each(['postgres', 'rabbitmq'] as const)('queue on %s', (transport) => {
    let database: TestDatabase;
    let provider: FakeHttpProvider;
    const running: SpawnedService[] = [];
    let env: Record<string, string>;
    let vhost: TestVhost | undefined;

    beforeAll(async () => {
      database = await createTestDatabase(`crash_${transport}`);
      vhost = transport === 'rabbitmq' ? await createTestVhost('notif_crash') : undefined;
      provider = await new FakeHttpProvider().start();
      // 400 ms per send with 8 concurrent deliveries: about 8 sends are in flight at any moment.
      provider.delayMs = 400;
      env = {
        DATABASE_URL: database.url,
        API_KEYS: `${TENANTS.acme.id}:${TENANTS.acme.key}`,
        SMS_PROVIDER_URL: `${provider.url}/sms`,
        WHATSAPP_PROVIDER_URL: `${provider.url}/whatsapp`,
        PUSH_PROVIDER_URL: `${provider.url}/push`,
        DELIVERY_CONCURRENCY: '8',
        // Messages held by the killed process become claimable at most 6 s after the kill: the
        // shortest lease a 1 s provider timeout allows (1.5 x (1 s + 2 s + 1 s), see leaseProblem).
        DELIVERY_LEASE_MS: '6000',
        PROVIDER_TIMEOUT_MS: '1000',
        ...(vhost ? { NOTIFICATIONS_QUEUE_TRANSPORT: 'rabbitmq', RABBITMQ_URL: vhost.url } : {}),
      };
    });

    // Each test starts its own processes: none is left to deliver (or hold) the next test's work.
    afterEach(async () => {
      for (const service of running.splice(0)) {
        service.process.kill('SIGKILL');
        await service.exited;
      }
    });

    afterAll(async () => {
      await provider?.stop();
      await database?.drop();
      await vhost?.drop();
    });

    const start = async () => {
      const service = await spawnService(env);
      running.push(service);
      return service;
    };

    const accept = async (service: SpawnedService, count: number, offset: number): Promise<string[]> => {
      const notifications = Array.from({ length: count }, (_, index) => {
        const { channel, recipient } = CHANNELS[(offset + index) % CHANNELS.length];
        return { channel, recipient: recipient(offset + index), body: `aviso ${offset + index}` };
      });
      const ids: string[] = [];
      for (let from = 0; from < notifications.length; from += 20) {
        const answer = await request(service.url)
          .post('/notifications/batch')
          .set('Authorization', ACME)
          .send({ notifications: notifications.slice(from, from + 20) })
          .expect(202);
        ids.push(...(answer.body.notifications as { id: string }[]).map((notification) => notification.id));
      }
      return ids;
    };

    const views = async (service: SpawnedService, ids: string[]): Promise<View[]> =>
      Promise.all(
        ids.map(async (id) => (await request(service.url).get(`/notifications/${id}`).set('Authorization', ACME).expect(200)).body as View),
      );

    const allSettled = (service: SpawnedService, ids: string[]) =>
      waitFor(
        async () => {
          const current = await views(service, ids);
          return current.every((view) => view.status === 'sent' || view.status === 'dead') ? current : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250, description: `all ${ids.length} notifications to be sent or dead` },
      );

    /**
     * Every notification was sent exactly once (the provider deduplicates by idempotency key), and
     * every request the provider received is one of the attempts the service recorded, none after
     * the attempt recorded as sent: a request is repeated only after an attempt that failed (a
     * provider timeout on a loaded machine) or that the kill cut short (`interrupted`, which may not
     * even have left). A resend after a recorded send would show as one request too many.
     */
    const expectSentOnce = (settled: View[]) => {
      for (const view of settled) {
        expect({ id: view.id, status: view.status, sends: provider.sends.get(view.id) }).toEqual({ id: view.id, status: 'sent', sends: 1 });
        const outcomes = view.attempts.map((attempt) => attempt.outcome);
        expect({ id: view.id, sentLast: outcomes.indexOf('sent') === outcomes.length - 1 }).toEqual({ id: view.id, sentLast: true });
        const requests = provider.requestsFor(view.id).length;
        expect({ id: view.id, outcomes, requestsBeyondAttempts: requests > outcomes.length }).toEqual({
          id: view.id,
          outcomes,
          requestsBeyondAttempts: false,
        });
      }
    };

    it('ends every accepted notification sent or dead, none sent twice, after a SIGKILL mid-delivery', async () => {
      const first = await start();
      const ids = await accept(first, 60, 0);
      await waitFor(() => provider.requests.length >= 12, { description: 'deliveries in flight' });
      first.process.kill('SIGKILL');
      await first.exited;
      const settledBeforeKill = (await database.sql.query(`SELECT count(*) FROM notifications.notifications WHERE status = 'sent'`)).rows[0]
        .count;
      expect(Number(settledBeforeKill)).toBeLessThan(ids.length);

      const second = await start();
      const settled = await allSettled(second, ids);
      expectSentOnce(settled);
    }, 120_000);

    it('finishes in-flight deliveries on SIGTERM before exiting', async () => {
      // A process of its own, whatever the test before it left running.
      const service = await start();
      const ids = await accept(service, 30, 1_000);
      await waitFor(() => ids.filter((id) => provider.requestsFor(id).length > 0).length >= 4, { description: 'deliveries in flight' });
      service.process.kill('SIGTERM');
      const exit = await service.exited;
      // Nest re-raises the signal once its shutdown hooks finished: a clean stop ends by SIGTERM, not
      // by an exit code (1 for a crash in the hooks). A process without handlers ends the same way,
      // so what proves the drain is the log line and the attempts below.
      expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
      expect(service.logs.some((entry) => entry['msg'] === 'messaging closed')).toBe(true);
      // Every send the provider received was recorded before the process left: nothing is left `sending`.
      const unfinished = await database.sql.query(`SELECT count(*) FROM notifications.notification_attempts WHERE outcome = 'sending'`);
      expect(Number(unfinished.rows[0].count)).toBe(0);

      const restarted = await start();
      const settled = await allSettled(restarted, ids);
      expectSentOnce(settled);
      expect(settled.flatMap((view) => view.attempts).filter((attempt) => attempt.outcome === 'interrupted')).toEqual([]);
    }, 120_000);
  });
});
