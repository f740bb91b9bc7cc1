import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { createMessaging, InvalidConfigurationError } from '@tenaz/messaging';
import { createTestDatabase, spawnBuiltService, stopBuiltService, waitFor, type BuiltService, type TestDatabase } from '@tenaz/test-kit';

/**
 * The security checks of issue 9, against both built services in child processes (as deployed),
 * over real HTTP. Checks the apps' own e2e tests already make are not repeated here (401/413/429
 * on one route each, tenant 404 on the GET routes, log redaction of a valid request): these
 * cover every route, a concurrent burst of large batches, odd queue names, and canaries in logs,
 * error bodies and NOTIFY payloads.
 */
const DIST = join(__dirname, '..', '..', '..', 'dist', 'apps');
const SERVICES = {
  notifications: { name: 'notifications', main: join(DIST, 'notifications', 'main.js'), portVariable: 'NOTIFICATIONS_PORT' },
  tracking: { name: 'tracking', main: join(DIST, 'tracking', 'main.js'), portVariable: 'TRACKING_PORT' },
};
const A = { id: 'tenant-a', key: `key-a-${randomBytes(12).toString('hex')}` };
const B = { id: 'tenant-b', key: `key-b-${randomBytes(12).toString('hex')}` };
/** The tenant whose budget the burst spends (A's and B's are left for the other checks). */
const C = { id: 'tenant-c', key: `key-c-${randomBytes(12).toString('hex')}` };
/** Messages per tenant per window: a burst of large batches passes it within a few requests. */
const TENANT_BUDGET = 1_000;
const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
/** Personal data that must never leave the request it came in: unique per run, so any echo is ours. */
const CANARY = {
  email: `canary.${randomBytes(4).toString('hex')}@example.com`,
  phone: `+52155${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`,
};
const MEGABYTE_BODY = JSON.stringify({ filler: 'x'.repeat(1024 * 1024) });

async function call(
  service: BuiltService,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; raw?: string } = {},
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.key) headers['authorization'] = `Bearer ${options.key}`;
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${service.url}${path}`, { method, headers, body, signal: AbortSignal.timeout(15_000) }).catch(
    (error: Error) => ({ status: 0, text: async () => error.message }),
  );
  return { status: response.status, text: await response.text() };
}

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

describe('security checks against the built services', () => {
  let database: TestDatabase;
  let notifications: BuiltService;
  let tracking: BuiltService;
  let listener: Client;
  const notifyPayloads: string[] = [];
  const errorBodies: string[] = [];
  let notificationOfA: string;

  beforeAll(async () => {
    database = await createTestDatabase('faults_security');
    const env = {
      DATABASE_URL: database.url,
      API_KEYS: `${A.id}:${A.key},${B.id}:${B.key},${C.id}:${C.key}`,
      ADMIN_API_KEYS: `ops:${ADMIN_KEY}`,
      LOG_LEVEL: 'debug',
      RATE_LIMIT_UNAUTHENTICATED_REQUESTS: '1000',
      RATE_LIMIT_REQUESTS: String(TENANT_BUDGET),
    };
    notifications = await spawnBuiltService(SERVICES.notifications, env);
    tracking = await spawnBuiltService(SERVICES.tracking, env);
    listener = new Client({ connectionString: database.url });
    await listener.connect();
    listener.on('notification', (message) => void notifyPayloads.push(`${message.channel} ${message.payload ?? ''}`));
    // Every channel the library uses in the services' schemas (tenaz.<schema> and its .outbox).
    const schemas = await listener.query(
      `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname NOT IN ('information_schema', 'public')`,
    );
    for (const { nspname } of schemas.rows) {
      await listener.query(`LISTEN "tenaz.${nspname}"`);
      await listener.query(`LISTEN "tenaz.${nspname}.outbox"`);
    }
    const created = await call(notifications, 'POST', '/notifications', {
      key: A.key,
      body: { channel: 'email', recipient: CANARY.email, subject: 'hello', body: 'a parcel', countryCode: 'MX' },
    });
    expect(created.status).toBe(202);
    notificationOfA = (JSON.parse(created.text) as { id: string }).id;
    const registered = await call(tracking, 'POST', '/shipments', {
      key: A.key,
      body: {
        trackingNumber: 'TN-SEC-A',
        recipient: { phone: CANARY.phone, email: CANARY.email },
        notify: [{ on: 'delivered', channel: 'sms' }],
        countryCode: 'MX',
      },
    });
    expect(registered.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await listener?.end().catch(() => undefined);
    for (const service of [notifications, tracking]) if (service) await stopBuiltService(service);
    await database?.drop();
  });

  it("answers 404 to tenant B on every route that names tenant A's resources, and changes nothing of A's", async () => {
    const asB = [
      await call(notifications, 'GET', `/notifications/${notificationOfA}`, { key: B.key }),
      await call(tracking, 'GET', '/shipments/TN-SEC-A', { key: B.key }),
      await call(tracking, 'POST', '/shipments/TN-SEC-A/events', {
        key: B.key,
        body: { eventId: 'evt-b-1', status: 'picked_up', occurredAt: minutesAgo(5) },
      }),
      await call(tracking, 'POST', '/events/batch', {
        key: B.key,
        body: { events: [{ trackingNumber: 'TN-SEC-A', eventId: 'evt-b-2', status: 'picked_up', occurredAt: minutesAgo(5) }] },
      }),
    ];
    asB.forEach((response) => errorBodies.push(response.text));
    expect(asB.map((response) => response.status)).toEqual([404, 404, 404, 404]);
    const ofA = await call(tracking, 'GET', '/shipments/TN-SEC-A', { key: A.key });
    expect(ofA.status).toBe(200);
    expect(JSON.parse(ofA.text)).toMatchObject({ status: null, timeline: [] });
  });

  it('answers 400 naming the unknown field on every body route', async () => {
    const routes: [BuiltService, string, unknown][] = [
      [
        notifications,
        '/notifications',
        { channel: 'email', recipient: 'x@example.com', subject: 's', body: 'b', countryCode: 'MX', isAdmin: true },
      ],
      [
        notifications,
        '/notifications/batch',
        { notifications: [{ channel: 'email', recipient: 'x@example.com', subject: 's', body: 'b', countryCode: 'MX', isAdmin: true }] },
      ],
      [tracking, '/shipments', { trackingNumber: 'TN-SEC-U', recipient: { email: 'x@example.com' }, countryCode: 'MX', isAdmin: true }],
      [tracking, '/shipments/TN-SEC-A/events', { eventId: 'evt-u', status: 'picked_up', occurredAt: minutesAgo(5), isAdmin: true }],
      [
        tracking,
        '/events/batch',
        { events: [{ trackingNumber: 'TN-SEC-A', eventId: 'evt-u2', status: 'picked_up', occurredAt: minutesAgo(5), isAdmin: true }] },
      ],
    ];
    for (const [service, path, body] of routes) {
      const response = await call(service, 'POST', path, { key: A.key, body });
      errorBodies.push(response.text);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.text).toMatch(/isAdmin: unknown field/);
    }
  });

  it('answers 413 to a 1 MB body on every body route, and 401 to it without a valid key (the body never read)', async () => {
    const routes: [BuiltService, string][] = [
      [notifications, '/notifications'],
      [notifications, '/notifications/batch'],
      [tracking, '/shipments'],
      [tracking, '/shipments/TN-SEC-A/events'],
      [tracking, '/events/batch'],
    ];
    for (const [service, path] of routes) {
      const statuses = [
        (await call(service, 'POST', path, { key: A.key, raw: MEGABYTE_BODY })).status,
        (await call(service, 'POST', path, { raw: MEGABYTE_BODY })).status,
        (await call(service, 'POST', path, { key: `wrong-${A.key}`, raw: MEGABYTE_BODY })).status,
      ];
      expect({ path, statuses }).toEqual({ path, statuses: [413, 401, 401] });
    }
    for (const [service, path] of [
      [notifications, `/notifications/${notificationOfA}`],
      [tracking, '/shipments/TN-SEC-A'],
    ] as const) {
      expect((await call(service, 'GET', path, {})).status).toBe(401);
      expect((await call(service, 'GET', path, { key: `wrong-${A.key}` })).status).toBe(401);
    }
  });

  it('answers 401 to each of 100 clients still sending an 8 MB body with a wrong key, none of them reset', async () => {
    // Closing the socket at once with the body unread made the kernel reset it: about half of these
    // clients (and 1 to 3% of those sending 1 MB) failed writing their body (EPIPE), never seeing the 401.
    const eightMegabytes = JSON.stringify({ filler: 'x'.repeat(8 * 1024 * 1024) });
    const outcomes: Record<string, number> = {};
    for (let attempt = 0; attempt < 100; attempt++) {
      const service = attempt % 2 === 0 ? notifications : tracking;
      const path = attempt % 2 === 0 ? '/notifications' : '/events/batch';
      const outcome = await fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer wrong-${A.key}` },
        body: eightMegabytes,
        signal: AbortSignal.timeout(15_000),
      }).then(
        (response) => String(response.status),
        (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
      );
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    expect(outcomes).toEqual({ '401': 100 });
  }, 90_000);

  it('answers 429 to a concurrent burst of large batches past the tenant budget, each charged its size, nothing of a refused batch stored', async () => {
    // The largest batch the services take (100), 15 at once against a budget of 1,000. The
    // shipment costs 1 of tracking's budget: 9 batches fit in the 999 left, the 10th does not.
    const BATCH = 100;
    const BURST = 15;
    const registered = await call(tracking, 'POST', '/shipments', {
      key: C.key,
      body: { trackingNumber: 'TN-SEC-C', recipient: { email: 'c@example.com' }, countryCode: 'MX' },
    });
    expect(registered.status).toBe(201);
    const [notificationStatuses, eventStatuses] = await Promise.all([
      Promise.all(
        Array.from({ length: BURST }, (_, round) =>
          call(notifications, 'POST', '/notifications/batch', {
            key: C.key,
            body: {
              notifications: Array.from({ length: BATCH }, (_, i) => ({
                channel: 'email',
                recipient: `c-${round}-${i}@example.com`,
                subject: 'burst',
                body: 'a parcel',
                countryCode: 'MX',
              })),
            },
          }),
        ),
      ),
      Promise.all(
        Array.from({ length: BURST }, (_, round) =>
          call(tracking, 'POST', '/events/batch', {
            key: C.key,
            body: {
              events: Array.from({ length: BATCH }, (_, i) => ({
                trackingNumber: 'TN-SEC-C',
                eventId: `burst-${round}-${i}`,
                status: 'in_transit',
                occurredAt: minutesAgo(60 - i / BATCH),
              })),
            },
          }),
        ),
      ),
    ]);
    const tally = (responses: { status: number }[]) => responses.map((response) => response.status).sort();
    expect(tally(notificationStatuses)).toEqual([...Array(10).fill(202), ...Array(5).fill(429)]);
    expect(tally(eventStatuses)).toEqual([...Array(9).fill(202), ...Array(6).fill(429)]);
    const stored = await listener.query(
      `SELECT (SELECT count(*)::int FROM notifications.notifications WHERE tenant_id = $1) AS notifications,
              (SELECT count(*)::int FROM tracking.tracking_events e JOIN tracking.shipments s ON s.id = e.shipment_id WHERE s.tenant_id = $1) AS events`,
      [C.id],
    );
    expect(stored.rows[0]).toEqual({ notifications: 10 * BATCH, events: 9 * BATCH });
  });

  it('handles odd queue names safely: the admin API answers 404 or 400 and the library refuses them with a typed error', async () => {
    const odd = ['SMS', 'q'.repeat(64), "x'; DROP TABLE reliable_messages; --", '../../etc/passwd', 'notifications OR 1=1'];
    for (const name of odd) {
      for (const path of [`/admin/api/queues/${encodeURIComponent(name)}`, `/admin/api/queues/${encodeURIComponent(name)}/dead-letters`]) {
        const response = await call(notifications, 'GET', path, { key: ADMIN_KEY });
        errorBodies.push(response.text);
        expect({ path, status: [400, 404].includes(response.status) }).toEqual({ path, status: true });
      }
      await expect(
        createMessaging({ postgres: { connectionString: database.url, schema: 'odd_names' }, queues: { [name]: { slaMs: 1_000 } } }),
      ).rejects.toBeInstanceOf(InvalidConfigurationError);
    }
    // The queues are all still there and served.
    const queues = await call(notifications, 'GET', '/admin/api/queues', { key: ADMIN_KEY });
    expect(queues.status).toBe(200);
    expect(queues.text).toContain('notifications');
  });

  it('never lets the canary email or phone out: not in the logs, not in error bodies, not in NOTIFY payloads', async () => {
    // Invalid requests that carry the canary: their 400s must not echo it.
    for (const response of [
      await call(notifications, 'POST', '/notifications', {
        key: A.key,
        body: { channel: 'sms', recipient: CANARY.email, body: 'b', countryCode: 'MX' },
      }),
      await call(notifications, 'POST', '/notifications', {
        key: A.key,
        body: { channel: 'email', recipient: CANARY.phone, subject: 's', body: 'b', countryCode: 'MX' },
      }),
      await call(tracking, 'POST', '/shipments', {
        key: A.key,
        body: { trackingNumber: 'TN-SEC-A', recipient: { phone: CANARY.phone, email: CANARY.email }, countryCode: 'MX' },
      }),
    ]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      errorBodies.push(response.text);
    }
    // The valid notification of A is sent through the development sink (which logs the masked recipient).
    await waitFor(
      async () =>
        JSON.parse((await call(notifications, 'GET', `/notifications/${notificationOfA}`, { key: A.key })).text).status === 'sent',
      { timeoutMs: 30_000, description: "A's notification sent" },
    );
    const logs = [...notifications.logs, ...tracking.logs].map((entry) => JSON.stringify(entry));
    expect(logs.length).toBeGreaterThan(10);
    const leaks = (texts: string[]) =>
      texts.filter((text) => text.includes(CANARY.email) || text.includes(CANARY.phone) || text.includes(CANARY.phone.slice(1)));
    expect(leaks(logs)).toEqual([]);
    expect(leaks(errorBodies)).toEqual([]);
    expect(notifyPayloads.length).toBeGreaterThan(0);
    expect(leaks(notifyPayloads)).toEqual([]);
  });
});
