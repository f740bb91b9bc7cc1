import request from 'supertest';
import { NotificationsController } from '../../src/notifications/notifications.controller';
import { FakeHttpProvider } from '../helpers/fake-http-provider';
import { startTestApp, TENANTS, TestApp } from '../helpers/test-app';
import { TestDatabase, createTestDatabase, waitFor } from '@tenaz/test-kit';

const ACME = `Bearer ${TENANTS.acme.key}`;
const GLOBEX = `Bearer ${TENANTS.globex.key}`;

describe(NotificationsController.name, () => {
  let database: TestDatabase;
  let provider: FakeHttpProvider;
  let service: TestApp;
  let limited: TestApp;

  const countNotifications = async () =>
    Number((await database.sql.query('SELECT count(*) FROM notifications.notifications')).rows[0].count);

  beforeAll(async () => {
    database = await createTestDatabase('api');
    provider = await new FakeHttpProvider().start();
    const env = {
      DATABASE_URL: database.url,
      SMS_PROVIDER_URL: `${provider.url}/sms`,
      WHATSAPP_PROVIDER_URL: `${provider.url}/whatsapp`,
      PUSH_PROVIDER_URL: `${provider.url}/push`,
      BODY_LIMIT: '16kb',
      BATCH_MAX_SIZE: '5',
    };
    service = await startTestApp(env, { captureLogs: true });
    // A second, API-only instance on the same database (DELIVERY_ENABLED=false): it accepts, the first delivers.
    limited = await startTestApp(
      { ...env, RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_MS: '60000', DELIVERY_ENABLED: 'false' },
      { captureLogs: true },
    );
  }, 30_000);

  afterAll(async () => {
    await limited?.close();
    await service?.close();
    await provider?.stop();
    await database?.drop();
  });

  describe('authentication', () => {
    it('answers 401 without a key and with an unknown key', async () => {
      const body = { channel: 'sms', recipient: '+5215500000001', body: 'hola' };
      await request(service.url).post('/notifications').send(body).expect(401);
      const wrong = await request(service.url).post('/notifications').set('Authorization', 'Bearer not-a-key').send(body).expect(401);
      expect(wrong.body.message).toEqual(['unknown API key']);
      await request(service.url).get('/notifications/7d0c1a52-33b1-4c8e-9f3e-446655440000').set('Authorization', 'Basic abc').expect(401);
      expect(await countNotifications()).toBe(0);
    });
  });

  describe('POST /notifications', () => {
    it('answers 202 with the id and status, and GET shows it with its attempts', async () => {
      const accepted = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .send({ channel: 'sms', recipient: '+5215500000002', body: 'Tu paquete va en camino', correlationId: 'order-1', countryCode: 'MX' })
        .expect(202);
      expect(accepted.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' });

      const sent = await waitFor(
        async () => {
          const view = await request(service.url).get(`/notifications/${accepted.body.id}`).set('Authorization', ACME).expect(200);
          return view.body.status === 'sent' ? view.body : undefined;
        },
        { description: 'the notification to be sent' },
      );
      expect(sent).toMatchObject({
        id: accepted.body.id,
        channel: 'sms',
        correlationId: 'order-1',
        countryCode: 'MX',
        priority: 1,
        origin: 'api',
      });
      expect(sent.attempts).toEqual([
        expect.objectContaining({ number: 1, outcome: 'sent', provider: 'http', providerMessageId: sent.providerMessageId }),
      ]);
      expect(sent.providerMessageId).toEqual(expect.any(String));
    });

    it('rejects a body with several problems, naming each, and stores nothing', async () => {
      const before = await countNotifications();
      const response = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .send({
          channel: 'fax',
          recipient: 42,
          subject: '',
          countryCode: 'mx',
          templateId: 'bad id!',
          data: 'x',
          tenantId: 'globex',
          extra: 1,
        })
        .expect(400);
      expect(response.body.message).toEqual(
        expect.arrayContaining([
          'channel: must be one of email, sms, push, whatsapp',
          'subject: must be 1-200 characters',
          'templateId: must be 1-100 letters, digits, "_", ".", ":" or "-"',
          'data: must be an object',
          'countryCode: must be an ISO 3166 alpha-2 or alpha-3 code in upper case',
          'tenantId: unknown field',
          'extra: unknown field',
        ]),
      );
      expect(await countNotifications()).toBe(before);
    });

    it.each([
      [
        { channel: 'sms', recipient: '5512345678', body: 'x' },
        'recipient: must be an E.164 phone number (+ and 8-15 digits) for channel sms',
      ],
      [
        { channel: 'whatsapp', recipient: 'juana@example.com', body: 'x' },
        'recipient: must be an E.164 phone number (+ and 8-15 digits) for channel whatsapp',
      ],
      [{ channel: 'email', recipient: '+5215512345678', body: 'x' }, 'recipient: must be an email address for channel email'],
      [
        { channel: 'push', recipient: 'short', body: 'x' },
        'recipient: must be a push token (32-320 letters, digits, ":", "_", "-", ".") for channel push',
      ],
      [{ channel: 'sms', recipient: '+5215512345678' }, 'body: a body or a templateId is required'],
      [
        { channel: 'email', recipient: 'juana@example.com', templateId: 'welcome' },
        'body: is required for channel email (SMTP has no provider-side templates)',
      ],
      [{ channel: 'sms', recipient: '+5215512345678', body: 'x'.repeat(10_001) }, 'body: must be at most 10000 characters'],
      [{ channel: 'sms', recipient: '+5215512345678', body: 7 }, 'body: must be a string'],
      [
        { channel: 'sms', recipient: '+5215512345678', body: 'x', correlationId: 'c'.repeat(101) },
        'correlationId: must be 1-100 characters',
      ],
    ])('rejects bad input %# with 400 naming the problem', async (body, problem) => {
      const response = await request(service.url).post('/notifications').set('Authorization', ACME).send(body).expect(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: [problem] });
    });

    it('rejects malformed JSON with 400 and an oversized body with 413', async () => {
      await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .set('Content-Type', 'application/json')
        .send('{"channel": ')
        .expect(400);
      const big = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .send({ channel: 'sms', recipient: '+5215512345678', body: 'x'.repeat(9_000), data: { filler: 'y'.repeat(9_000) } })
        .expect(413);
      expect(big.body.statusCode).toBe(413);
    });

    it('answers a repeated Idempotency-Key with the first result and creates nothing new', async () => {
      const body = { channel: 'push', recipient: 'fcm:token-0123456789abcdefghijklmnopqrstuv', body: 'Llega hoy', subject: 'Envío' };
      const first = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .set('Idempotency-Key', 'order-7-push')
        .send(body)
        .expect(202);
      const before = await countNotifications();
      const again = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .set('Idempotency-Key', 'order-7-push')
        .send({ subject: 'Envío', body: 'Llega hoy', recipient: body.recipient, channel: 'push' })
        .expect(202);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await countNotifications()).toBe(before);

      const reused = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .set('Idempotency-Key', 'order-7-push')
        .send({ ...body, body: 'other' })
        .expect(422);
      expect(reused.body.message).toEqual(['Idempotency-Key: already used for a different request; use a new key for a new request']);

      const otherTenant = await request(service.url)
        .post('/notifications')
        .set('Authorization', GLOBEX)
        .set('Idempotency-Key', 'order-7-push')
        .send(body)
        .expect(202);
      expect(otherTenant.body.id).not.toBe(first.body.id);
      expect(await countNotifications()).toBe(before + 1);

      await request(service.url).post('/notifications').set('Authorization', ACME).set('Idempotency-Key', ' ').send(body).expect(400);
    });

    it('creates one notification for concurrent requests with one Idempotency-Key', async () => {
      const body = { channel: 'sms', recipient: '+5215500000009', body: 'una vez' };
      const before = await countNotifications();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          request(service.url).post('/notifications').set('Authorization', ACME).set('Idempotency-Key', 'concurrent-1').send(body),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202]);
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      expect(await countNotifications()).toBe(before + 1);
    });
  });

  describe('GET /notifications/:id', () => {
    it("answers 404 for another tenant's notification and 400 for a malformed id", async () => {
      const accepted = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .send({ channel: 'sms', recipient: '+5215500000003', body: 'x' })
        .expect(202);
      await request(service.url).get(`/notifications/${accepted.body.id}`).set('Authorization', GLOBEX).expect(404);
      await request(service.url).get(`/notifications/${accepted.body.id}`).set('Authorization', ACME).expect(200);
      const malformed = await request(service.url).get('/notifications/not-a-uuid').set('Authorization', ACME).expect(400);
      expect(malformed.body.message).toEqual(['id: must be a UUID']);
    });
  });

  describe('POST /notifications/batch', () => {
    it('accepts every notification in order', async () => {
      const notifications = [
        { channel: 'sms', recipient: '+5215500000004', body: 'uno' },
        { channel: 'whatsapp', recipient: '+5215500000005', templateId: 'out_for_delivery', data: { eta: '14:00' } },
        { channel: 'push', recipient: 'fcm:token-abcdefghijklmnopqrstuvwxyz012345', body: 'tres' },
      ];
      const accepted = await request(service.url)
        .post('/notifications/batch')
        .set('Authorization', ACME)
        .send({ notifications })
        .expect(202);
      expect(accepted.body.notifications).toHaveLength(3);
      for (const [index, { id }] of (accepted.body.notifications as { id: string }[]).entries()) {
        const view = await request(service.url).get(`/notifications/${id}`).set('Authorization', ACME).expect(200);
        expect(view.body.channel).toBe(notifications[index].channel);
      }
    });

    it('stores nothing when one notification is bad, naming it by index', async () => {
      const before = await countNotifications();
      const response = await request(service.url)
        .post('/notifications/batch')
        .set('Authorization', ACME)
        .send({
          notifications: [
            { channel: 'sms', recipient: '+5215500000006', body: 'ok' },
            { channel: 'sms', recipient: 'nope', body: 'bad', extra: true },
          ],
        })
        .expect(400);
      expect(response.body.message).toHaveLength(2);
      expect(response.body.message).toEqual(
        expect.arrayContaining([
          'notifications.1.recipient: must be an E.164 phone number (+ and 8-15 digits) for channel sms',
          'notifications.1.extra: unknown field',
        ]),
      );
      expect(await countNotifications()).toBe(before);
    });

    it('refuses a NUL or an unpaired surrogate in any field with a 400 naming it, alone or in a batch, storing nothing', async () => {
      const before = await countNotifications();
      const single = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .send({
          channel: 'email',
          recipient: 'juana@example.com',
          subject: 'a\u0000b',
          body: 'hola \ud83d',
          data: { name: 'x\udc00', ok: ['fine', 'nul\u0000'] },
        })
        .expect(400);
      expect(single.body.message).toEqual(
        expect.arrayContaining([
          'subject: must not contain NUL characters or unpaired UTF-16 surrogates',
          'body: must not contain NUL characters or unpaired UTF-16 surrogates',
          'data.name: must not contain NUL characters or unpaired UTF-16 surrogates',
          'data.ok.1: must not contain NUL characters or unpaired UTF-16 surrogates',
        ]),
      );
      const batch = await request(service.url)
        .post('/notifications/batch')
        .set('Authorization', ACME)
        .send({
          notifications: [
            { channel: 'sms', recipient: '+5215500000016', body: 'bien 😀' },
            { channel: 'sms', recipient: '+5215500000017', body: 'ok', correlationId: '\ud800x' },
          ],
        })
        .expect(400);
      expect(batch.body.message).toEqual(['notifications.1.correlationId: must not contain NUL characters or unpaired UTF-16 surrogates']);
      expect(await countNotifications()).toBe(before);
    });

    it('rejects an empty batch and one over the bound', async () => {
      const empty = await request(service.url)
        .post('/notifications/batch')
        .set('Authorization', ACME)
        .send({ notifications: [] })
        .expect(400);
      expect(empty.body.message).toEqual(['notifications: must hold at least one notification']);
      const six = Array.from({ length: 6 }, (_, index) => ({ channel: 'sms', recipient: `+52155000001${index}`, body: 'x' }));
      const tooMany = await request(service.url)
        .post('/notifications/batch')
        .set('Authorization', ACME)
        .send({ notifications: six })
        .expect(400);
      expect(tooMany.body.message).toEqual(['notifications: at most 5 per batch, got 6']);
    });
  });

  describe('rate limit', () => {
    it('answers 429 past the tenant limit while other tenants go on', async () => {
      const body = { channel: 'sms', recipient: '+5215500000007', body: 'x' };
      for (let index = 0; index < 3; index += 1) {
        await request(limited.url).post('/notifications').set('Authorization', ACME).send(body).expect(202);
      }
      const limitedAnswer = await request(limited.url).post('/notifications').set('Authorization', ACME).send(body).expect(429);
      // Accepted by the API-only instance, delivered by the other one.
      expect(limited.logs.some((line) => line.includes('consumer started'))).toBe(false);
      expect(service.logs.some((line) => line.includes('consumer started'))).toBe(true);
      expect(limitedAnswer.body.statusCode).toBe(429);
      expect(Number(limitedAnswer.headers['retry-after'])).toBeGreaterThan(0);
      await request(limited.url).post('/notifications').set('Authorization', GLOBEX).send(body).expect(202);
    });
  });

  describe('logs', () => {
    it('never carry API keys, emails or phone numbers', async () => {
      // Email has no provider here: the development sink logs the delivery, recipient masked.
      const accepted = await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .send({ channel: 'email', recipient: 'juana.perez@example.com', body: 'Hola +5215512345678' })
        .expect(202);
      await request(service.url).post('/notifications').set('Authorization', 'Bearer wrong-key-0123456789').send({}).expect(401);
      const logs = () => [...service.logs, ...limited.logs];
      const sink = await waitFor(() => logs().find((line) => line.includes(accepted.body.id) && line.includes('development sink')), {
        description: 'the development sink line',
      });
      expect(JSON.parse(sink)).toMatchObject({ channel: 'email', to: 'j***@***.com' });
      const everything = logs().join('\n');
      expect(everything).toContain('"statusCode":401');
      for (const secret of [
        TENANTS.acme.key,
        TENANTS.globex.key,
        'wrong-key-0123456789',
        'juana.perez@example.com',
        '5512345678',
        '5500000002',
      ]) {
        expect({ secret, logged: everything.includes(secret) }).toEqual({ secret, logged: false });
      }
    });
  });

  describe('operations', () => {
    it('serves health, metrics and the OpenAPI document', async () => {
      await request(service.url).get('/health/live').expect(200);
      const ready = await request(service.url).get('/health/ready').expect(200);
      expect(ready.body.info).toMatchObject({ database: { status: 'up' }, messaging: { status: 'up' } });
      const metrics = await request(service.url).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/notifications_http_requests_total\{method="POST",route="\/notifications",status="202"\} \d+/);
      expect(metrics.text).toMatch(/notifications_http_requests_total\{method="POST",route="unmatched",status="413"\} \d+/);
      expect(metrics.text).toMatch(/notifications_deliveries_total\{channel="sms",outcome="sent"\} \d+/);
      expect(metrics.text).toContain('notifications_end_to_end_seconds_bucket');
      expect(metrics.text).toContain('tenaz_messages_published_total');
      const docs = await request(service.url).get('/docs-json').expect(200);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/notifications',
          '/notifications/batch',
          '/notifications/{id}',
          '/admin/api/queues',
          '/admin/api/queues/{queue}/history',
          '/admin/api/queues/{queue}/dead-letters',
          '/admin/api/queues/{queue}/dead-letters/replay',
          '/admin/api/queues/{queue}/dead-letters/purge',
          '/admin/api/outbox',
          '/admin/api/outbox/failed/retry',
        ]),
      );
      // The dashboard's page and assets are not API: they stay out of the document.
      expect(Object.keys(docs.body.paths).filter((path) => path === '/admin' || path.startsWith('/admin/assets'))).toEqual([]);
    });
  });
});
