import { RequestGateMiddleware } from '@tenaz/service-kit';
import { createTestDatabase, TestDatabase } from '@tenaz/test-kit';
import { connect } from 'node:net';
import request from 'supertest';
import { startTestApp, TENANTS, TestApp } from '../helpers/test-app';

const ACME = `Bearer ${TENANTS.acme.key}`;

/** Writes a request's headers (announcing a body that never comes) and resolves with the first line and headers of the answer, or 'no answer'. */
function headersOnly(url: string, headers: Record<string, string>, waitMs: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('no answer');
    }, waitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received.slice(0, received.indexOf('\r\n\r\n')).toLowerCase());
      }
    });
    socket.on('error', () => undefined);
    const lines = Object.entries({
      host: `${hostname}:${port}`,
      'content-type': 'application/json',
      'content-length': String(512 * 1024),
      ...headers,
    }).map(([name, value]) => `${name}: ${value}`);
    socket.write(`POST /notifications/batch HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** Limits count work, and a request without a valid key costs the service nothing but its headers. */
describe(RequestGateMiddleware.name, () => {
  let database: TestDatabase;
  let service: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('notif_limits');
    service = await startTestApp({
      DATABASE_URL: database.url,
      DELIVERY_ENABLED: 'false',
      RATE_LIMIT_REQUESTS: '10',
      RATE_LIMIT_UNAUTHENTICATED_REQUESTS: '3',
      RATE_LIMIT_WINDOW_MS: '60000',
      BATCH_MAX_SIZE: '20',
    });
  }, 30_000);

  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  const batch = (size: number, auth = ACME) =>
    request(service.url)
      .post('/notifications/batch')
      .set('Authorization', auth)
      .send({
        notifications: Array.from({ length: size }, (_, index) => ({
          channel: 'sms',
          recipient: `+5215544${String(index).padStart(6, '0')}`,
          body: 'lote',
        })),
      });

  it('refuses a request without a valid API key with 401 from its headers alone, its body never read', async () => {
    const started = Date.now();
    const missing = await headersOnly(service.url, {}, 3_000);
    const wrong = await headersOnly(service.url, { authorization: 'Bearer not-a-key-of-anyone-0000' }, 3_000);
    expect(missing).toMatch(/^http\/1\.1 401 /);
    expect(missing).toContain('connection: close');
    expect(wrong).toMatch(/^http\/1\.1 401 /);
    // Answered without waiting for the 512 KB body the request announced (and never sent).
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("limits requests without a valid key by client address (429 with Retry-After), without touching the tenants' budget", async () => {
    // The previous test spent 2 of this address's 3; one more 401, then 429s.
    await request(service.url).post('/notifications').set('Authorization', 'Bearer wrong-key-0123456789abcdef').send({}).expect(401);
    const limited = await request(service.url)
      .post('/notifications')
      .set('Authorization', 'Bearer wrong-key-0123456789abcdef')
      .send({})
      .expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message).toEqual(['too many requests without a valid API key from this address; retry later']);
    await request(service.url).get('/notifications/6f1b0f4e-3b5a-4c6a-9a1e-2d7c8b9f0a11').expect(429);
    // A valid key from the same address still goes through: its tenant's budget is its own.
    await batch(1).expect(202);
  });

  it("charges a batch of N notifications N of the tenant's budget", async () => {
    // 1 spent above; 10 per window.
    await batch(7).expect(202);
    const over = await batch(3).expect(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // A refused batch costs nothing: the 2 left still serve a batch of 2.
    await batch(2).expect(202);
    await batch(1).expect(429);
    expect(Number((await database.sql.query('SELECT count(*) FROM notifications.notifications')).rows[0].count)).toBe(10);
  });
});
