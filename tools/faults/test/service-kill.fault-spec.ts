import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createTestDatabase, spawnBuiltService, stopBuiltService, waitFor, type BuiltService, type TestDatabase } from '@tenaz/test-kit';
import { Ledger, type SentMessage } from '../src/checker/ledger';
import { verdict } from '../src/checker/reliability-figures';

const NOTIFICATIONS = {
  name: 'notifications',
  main: join(__dirname, '..', '..', '..', 'dist', 'apps', 'notifications', 'main.js'),
  portVariable: 'NOTIFICATIONS_PORT',
};
const TENANT = { id: 'tenant-k', key: `key-k-${randomUUID()}` };
const REQUESTS = 1_500;
const CLIENTS = 8;
const KILL_EVERY_MS = 2_500;

/**
 * Scenario 5 of issue 9: the built notifications service SIGKILLed every 2.5 s (and started again)
 * while eight clients post notifications, each retrying a failed request with the same
 * Idempotency-Key until it gets its 202. Counted by the checker: a key is a message (its id),
 * committed once it got its 202; its effect is a `sent` attempt of the notification the key
 * created. Nothing accepted is lost, nothing is sent twice, and no key creates two notifications.
 */
describe('scenario 5: the notifications service killed mid-request, clients retrying with Idempotency-Key', () => {
  let database: TestDatabase;
  let ledger: Ledger;
  let sql: Pool;
  let service: BuiltService | undefined;
  const env = () => ({
    DATABASE_URL: database.url,
    API_KEYS: `${TENANT.id}:${TENANT.key}`,
    DELIVERY_LEASE_MS: '6000',
    PROVIDER_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'info',
  });

  beforeAll(async () => {
    database = await createTestDatabase('faults_service_kill');
    ledger = await Ledger.create(database.url);
    sql = new Pool({ connectionString: database.url, max: 2 });
    service = await spawnBuiltService(NOTIFICATIONS, env());
  }, 60_000);

  afterAll(async () => {
    if (service) await stopBuiltService(service, 'SIGKILL');
    await ledger?.close();
    await sql?.end();
    await database?.drop();
  });

  it('loses no accepted notification, creates one per key and sends none twice', async () => {
    const sent: SentMessage[] = [];
    let next = 0;
    let producing = true;
    const post = async (key: string, n: number) => {
      const current = service;
      if (!current) return 0;
      const response = await fetch(`${current.url}/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TENANT.key}`, 'idempotency-key': key },
        body: JSON.stringify({
          channel: 'sms',
          recipient: `+5215544${String(n).padStart(6, '0')}`,
          body: `parcel ${n}`,
          countryCode: 'MX',
        }),
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      return response?.status ?? 0;
    };
    const client = async (lane: number) => {
      let seq = 0;
      while (next < REQUESTS) {
        const n = next++;
        const key = randomUUID();
        const sentAt = new Date();
        let attempts = 0;
        let status = 0;
        for (const giveUpAt = Date.now() + 60_000; Date.now() < giveUpAt;) {
          attempts += 1;
          status = await post(key, n);
          if (status === 202) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        seq += 1;
        sent.push({
          id: key,
          key: `client${lane}`,
          seq,
          poison: false,
          notBefore: null,
          sentAt,
          publishAttempts: attempts,
          outcome: status === 202 ? 'committed' : 'failed',
          confirmed: status === 202,
          committedAt: status === 202 ? new Date() : null,
        });
      }
    };
    const killer = (async () => {
      while (producing) {
        await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
        if (!producing || !service) break;
        const victim = service;
        const began = new Date();
        service = undefined;
        await stopBuiltService(victim, 'SIGKILL');
        service = await spawnBuiltService(NOTIFICATIONS, env());
        await ledger.recordFault('notifications SIGKILLed and restarted', began, new Date());
      }
    })();
    await Promise.all(Array.from({ length: CLIENTS }, (_, lane) => client(lane)));
    producing = false;
    await killer;
    await ledger.recordSent(sent);

    // Every notification ends sent or dead; then its `sent` attempts are its effects.
    await waitFor(
      async () =>
        (await sql.query(`SELECT count(*)::int AS n FROM notifications.notifications WHERE status NOT IN ('sent', 'dead')`)).rows[0].n ===
        0,
      { timeoutMs: 120_000, description: 'every notification sent' },
    );
    const effects = await sql.query(
      `SELECT row_number() OVER (ORDER BY a.finished_at) AS n, k.key AS id, a.provider AS worker, a.finished_at AS at
       FROM notifications.notification_attempts a JOIN notifications.idempotency_keys k ON (k.response->'body'->>'id')::uuid = a.notification_id
       WHERE a.outcome = 'sent'`,
    );
    await ledger.importEffects(effects.rows);
    const figures = await ledger.figures();
    const notifications = (await sql.query(`SELECT count(*)::int AS n FROM notifications.notifications`)).rows[0].n as number;

    if (process.env['FAULTS_PRINT']) process.stdout.write(`${JSON.stringify({ ...figures, notifications })}\n`);
    expect(verdict(figures, { minCommitted: REQUESTS })).toEqual([]);
    expect(figures.faults.length).toBeGreaterThanOrEqual(3);
    expect(figures.publishRetries).toBeGreaterThan(0);
    // One notification per key: a retry that reached the service twice created nothing new.
    expect(notifications).toBe(figures.committed + figures.failedButStored);
  });
});
