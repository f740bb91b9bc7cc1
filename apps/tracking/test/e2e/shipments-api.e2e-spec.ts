import request from 'supertest';
import { ShipmentsController } from '../../src/shipments/shipments.controller';
import { startTestApp, TestApp } from '../helpers/test-app';
import { bearer, minutesAgo, TrackingClient } from '../helpers/tracking-client';
import { TestDatabase, createTestDatabase } from '@tenaz/test-kit';

/** The REST surface: authentication, validation (400 naming each problem), 404, 409, 413, 429 and tenant isolation. */
describe(ShipmentsController.name, () => {
  let database: TestDatabase;
  let service: TestApp;
  let limited: TestApp;
  let api: TrackingClient;

  const count = async (table: string) => Number((await database.sql.query(`SELECT count(*) FROM tracking.${table}`)).rows[0].count);
  const queued = async () =>
    Number((await database.sql.query(`SELECT count(*) FROM tenaz.reliable_messages WHERE queue_name = 'track_trace'`)).rows[0].count);

  beforeAll(async () => {
    database = await createTestDatabase('api');
    const env = { DATABASE_URL: database.url, BODY_LIMIT: '8kb', BATCH_MAX_SIZE: '5' };
    service = await startTestApp(env);
    limited = await startTestApp({ ...env, RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    api = new TrackingClient(service.url);
  }, 30_000);

  afterAll(async () => {
    await limited?.close();
    await service?.close();
    await database?.drop();
  });

  describe('authentication', () => {
    it('answers 401 without a key or with an unknown one, and stores nothing', async () => {
      const body = { trackingNumber: 'AUTH-1', recipient: { phone: '+5215512345678' } };
      await request(service.url).post('/shipments').send(body).expect(401);
      const wrong = await request(service.url).post('/shipments').set('Authorization', 'Bearer not-a-key').send(body).expect(401);
      expect(wrong.body.message).toEqual(['unknown API key']);
      await request(service.url).post('/shipments/AUTH-1/events').set('Authorization', 'Basic abc').send({}).expect(401);
      await request(service.url).get('/shipments/AUTH-1').expect(401);
      await request(service.url).post('/events/batch').send({ events: [] }).expect(401);
      expect(await count('shipments')).toBe(0);
    });
  });

  describe('POST /shipments', () => {
    it('registers a shipment (201) with the issue shape, and a repeat of its tracking number is a 409', async () => {
      const created = await api
        .register({
          trackingNumber: 'TN-REG-1',
          recipient: { email: 'juana@example.com', phone: '+5215512345678' },
          notify: [
            { on: 'out_for_delivery', channel: 'whatsapp' },
            { on: 'delivered', channel: 'email' },
          ],
          countryCode: 'MX',
          correlationId: 'order-77',
        })
        .expect(201);
      expect(created.body).toEqual({
        trackingNumber: 'TN-REG-1',
        status: null,
        correlationId: 'order-77',
        countryCode: 'MX',
        recipient: { email: 'juana@example.com', phone: '+5215512345678', pushToken: null },
        notify: [
          { on: 'out_for_delivery', channel: 'whatsapp' },
          { on: 'delivered', channel: 'email' },
        ],
        createdAt: expect.any(String),
      });
      const again = await api.register({ trackingNumber: 'TN-REG-1' }, 409);
      expect(again.body.message).toEqual(['trackingNumber: shipment TN-REG-1 is already registered for this tenant']);

      const view = await api.get('TN-REG-1');
      expect(view.body).toMatchObject({ trackingNumber: 'TN-REG-1', status: null, timeline: [], pendingEvents: 0, notifications: [] });
    });

    it('generates a correlation id when none is given', async () => {
      const created = await api.register({ trackingNumber: 'TN-REG-2' });
      expect(created.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('rejects a body with several problems, naming each, and stores nothing', async () => {
      const before = await count('shipments');
      const response = await request(service.url)
        .post('/shipments')
        .set('Authorization', bearer('acme'))
        .send({
          trackingNumber: 'bad number!',
          recipient: { email: 'not-an-email', phone: '5512345678' },
          notify: [{ on: 'teleported', channel: 'fax' }],
          countryCode: 'mx',
          tenantId: 'globex',
        })
        .expect(400);
      expect(response.body.statusCode).toBe(400);
      expect(response.body.message).toEqual(
        expect.arrayContaining([
          'trackingNumber: must be 1-64 letters, digits, "-" or "_", starting with a letter or digit',
          'recipient.email: must be an email address',
          'recipient.phone: must be an E.164 phone number (+ and 8-15 digits)',
          'notify.0.on: must be one of created, picked_up, in_transit, out_for_delivery, delivered, exception, returned',
          'notify.0.channel: must be one of email, sms, push, whatsapp',
          'countryCode: must be an ISO 3166 alpha-2 or alpha-3 code in upper case',
          'tenantId: unknown field',
        ]),
      );
      expect(await count('shipments')).toBe(before);
    });

    it.each([
      [{ trackingNumber: 'TN-V1' }, 'recipient: is required'],
      [{ trackingNumber: 'TN-V2', recipient: {} }, 'recipient: needs at least one of email, phone, pushToken'],
      [
        { trackingNumber: 'TN-V3', recipient: { email: 'juana@example.com' }, notify: [{ on: 'delivered', channel: 'whatsapp' }] },
        'notify: notify.0.channel: whatsapp needs recipient.phone',
      ],
      [
        {
          trackingNumber: 'TN-V4',
          recipient: { phone: '+5215512345678' },
          notify: [
            { on: 'delivered', channel: 'sms' },
            { on: 'delivered', channel: 'sms' },
          ],
        },
        'notify: notify.1: repeats notify.0 (delivered by sms)',
      ],
      [
        { trackingNumber: 'TN-V5', recipient: { phone: '+5215512345678' }, notify: 'delivered' },
        'notify: must be an array of { on, channel }',
      ],
      [
        { trackingNumber: 'x'.repeat(65), recipient: { phone: '+5215512345678' } },
        'trackingNumber: must be 1-64 letters, digits, "-" or "_", starting with a letter or digit',
      ],
    ])('rejects bad input %# with 400 naming the problem', async (body, problem) => {
      const response = await request(service.url).post('/shipments').set('Authorization', bearer('acme')).send(body).expect(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: [problem] });
    });
  });

  describe('POST /shipments/:trackingNumber/events', () => {
    beforeAll(async () => {
      await api.register({ trackingNumber: 'TN-EV-1' });
    });

    it('answers 202 once stored and queued, in one transaction', async () => {
      const queuedBefore = await queued();
      const accepted = await api.post('TN-EV-1', {
        eventId: 'ev-1',
        status: 'picked_up',
        occurredAt: minutesAgo(30),
        location: 'Monterrey, MX',
        source: 'carrier:estafeta',
        details: { scan: 'A1' },
      });
      expect(accepted.body).toEqual({ trackingNumber: 'TN-EV-1', eventId: 'ev-1', duplicate: false });
      const stored = await database.sql.query(
        `SELECT e.status, e.location, e.source, e.details FROM tracking.tracking_events e WHERE e.event_id = 'ev-1'`,
      );
      expect(stored.rows).toEqual([
        { status: 'picked_up', location: 'Monterrey, MX', source: 'carrier:estafeta', details: { scan: 'A1' } },
      ]);
      expect(await queued()).toBe(queuedBefore + 1);
    });

    it('rejects a bad event with 400 naming each problem (impossible status, future occurredAt, malformed id) and stores nothing', async () => {
      const before = await count('tracking_events');
      const response = await api.post(
        'TN-EV-1',
        {
          eventId: 'bad id with spaces',
          status: 'teleported',
          occurredAt: new Date(Date.now() + 3_600_000).toISOString(),
          location: '',
          details: [1],
          carrier: 'x',
        },
        400,
      );
      expect(response.body.message).toEqual(
        expect.arrayContaining([
          'eventId: must be 1-100 letters, digits, "_", ".", ":" or "-", starting with a letter or digit',
          'status: must be one of created, picked_up, in_transit, out_for_delivery, delivered, exception, returned',
          'occurredAt: must not be in the future (more than 5 minutes ahead of the server clock)',
          'location: must be 1-200 characters',
          'details: must be an object',
          'carrier: unknown field',
        ]),
      );
      expect(response.body.message).toHaveLength(6);
      expect(await count('tracking_events')).toBe(before);
    });

    it.each([
      [{ eventId: 'ev-x', status: 'delivered' }, 'occurredAt: must be an ISO 8601 date-time with a time zone, e.g. 2025-11-28T14:05:00Z'],
      [
        { eventId: 'ev-x', status: 'delivered', occurredAt: '2025-11-28T14:05:00' },
        'occurredAt: must be an ISO 8601 date-time with a time zone, e.g. 2025-11-28T14:05:00Z',
      ],
      [
        { eventId: 'ev-x', status: 'delivered', occurredAt: '2025-02-30T14:05:00Z' },
        'occurredAt: must be an ISO 8601 date-time with a time zone, e.g. 2025-11-28T14:05:00Z',
      ],
      [{ eventId: 'ev-x', status: 'delivered', occurredAt: '1970-01-01T00:00:00Z' }, 'occurredAt: must not be before 2000-01-01T00:00:00Z'],
      [{ status: 'delivered', occurredAt: '2025-11-28T14:05:00Z' }, 'eventId: must be a string'],
      [
        { eventId: 'ev-x', status: 'delivered', occurredAt: '2025-11-28T14:05:00Z', details: { blob: 'x'.repeat(4_100) } },
        'details: must be at most 4096 bytes as JSON',
      ],
    ])('rejects event %# with 400 naming the problem', async (body, problem) => {
      const response = await api.post('TN-EV-1', body, 400);
      expect(response.body.message).toEqual([problem]);
    });

    it('accepts an occurredAt slightly ahead of the server clock (skew allowance)', async () => {
      await api.post('TN-EV-1', { eventId: 'ev-skew', status: 'in_transit', occurredAt: new Date(Date.now() + 60_000).toISOString() });
    });

    it('answers 404 for an unknown shipment and 400 for a malformed tracking number, storing nothing', async () => {
      const before = await count('tracking_events');
      const unknown = await api.post('TN-NOPE', { eventId: 'ev-2', status: 'delivered', occurredAt: minutesAgo(1) }, 404);
      expect(unknown.body).toEqual({ statusCode: 404, error: 'Not Found', message: ['no shipment TN-NOPE for this tenant'] });
      const malformed = await api.post('bad%20number', { eventId: 'ev-2', status: 'delivered', occurredAt: minutesAgo(1) }, 400);
      expect(malformed.body.message).toEqual(['trackingNumber: must be 1-64 letters, digits, "-" or "_", starting with a letter or digit']);
      await api.get('bad%20number', 400);
      expect(await count('tracking_events')).toBe(before);
    });

    it('answers 400 for malformed JSON and 413 for an oversized body', async () => {
      await request(service.url)
        .post('/shipments/TN-EV-1/events')
        .set('Authorization', bearer('acme'))
        .set('Content-Type', 'application/json')
        .send('{"eventId": ')
        .expect(400);
      const big = await api.post(
        'TN-EV-1',
        { eventId: 'ev-big', status: 'delivered', occurredAt: minutesAgo(1), location: 'x'.repeat(9_000) },
        413,
      );
      expect(big.body.statusCode).toBe(413);
    });
  });

  describe('POST /events/batch', () => {
    beforeAll(async () => {
      await api.register({ trackingNumber: 'TN-B-1' });
      await api.register({ trackingNumber: 'TN-B-2' });
    });

    it('accepts events of several shipments in request order', async () => {
      const accepted = await api.batch([
        { trackingNumber: 'TN-B-1', eventId: 'b-1', status: 'created', occurredAt: minutesAgo(50) },
        { trackingNumber: 'TN-B-2', eventId: 'b-1', status: 'created', occurredAt: minutesAgo(49) },
        { trackingNumber: 'TN-B-1', eventId: 'b-2', status: 'picked_up', occurredAt: minutesAgo(40) },
      ]);
      expect(accepted.body).toEqual({
        events: [
          { trackingNumber: 'TN-B-1', eventId: 'b-1', duplicate: false },
          { trackingNumber: 'TN-B-2', eventId: 'b-1', duplicate: false },
          { trackingNumber: 'TN-B-1', eventId: 'b-2', duplicate: false },
        ],
      });
    });

    it('stores nothing when an item is bad or its shipment unknown, naming each by index', async () => {
      const before = await count('tracking_events');
      const bad = await api.batch(
        [
          { trackingNumber: 'TN-B-1', eventId: 'b-3', status: 'in_transit', occurredAt: minutesAgo(30) },
          { trackingNumber: 'TN-B-1', eventId: 'b-4', status: 'lost', occurredAt: minutesAgo(20), extra: 1 },
        ],
        400,
      );
      expect(bad.body.message).toEqual(
        expect.arrayContaining([
          'events.1.status: must be one of created, picked_up, in_transit, out_for_delivery, delivered, exception, returned',
          'events.1.extra: unknown field',
        ]),
      );
      expect(bad.body.message).toHaveLength(2);
      const unknown = await api.batch(
        [
          { trackingNumber: 'TN-B-1', eventId: 'b-3', status: 'in_transit', occurredAt: minutesAgo(30) },
          { trackingNumber: 'TN-B-9', eventId: 'b-4', status: 'in_transit', occurredAt: minutesAgo(20) },
          { trackingNumber: 'TN-B-8', eventId: 'b-5', status: 'in_transit', occurredAt: minutesAgo(20) },
        ],
        404,
      );
      expect(unknown.body.message).toEqual([
        'events.1.trackingNumber: no shipment TN-B-9 for this tenant',
        'events.2.trackingNumber: no shipment TN-B-8 for this tenant',
      ]);
      expect(await count('tracking_events')).toBe(before);
    });

    it('refuses a NUL or an unpaired surrogate in location, source or details with a 400 naming it, in a batch by index, storing nothing', async () => {
      const before = await count('tracking_events');
      const single = await api.post(
        'TN-B-1',
        {
          eventId: 'nul-1',
          status: 'in_transit',
          occurredAt: minutesAgo(5),
          location: 'Puebla\u0000',
          source: 'carrier:\ud800',
          details: { note: 'x\udfff' },
        },
        400,
      );
      expect(single.body.message).toEqual(
        expect.arrayContaining([
          'location: must not contain NUL characters or unpaired UTF-16 surrogates',
          'source: must not contain NUL characters or unpaired UTF-16 surrogates',
          'details.note: must not contain NUL characters or unpaired UTF-16 surrogates',
        ]),
      );
      const batch = await api.batch(
        [
          { trackingNumber: 'TN-B-1', eventId: 'nul-2', status: 'in_transit', occurredAt: minutesAgo(5), location: 'Ciudad de México 🇲🇽' },
          { trackingNumber: 'TN-B-1', eventId: 'nul-3', status: 'in_transit', occurredAt: minutesAgo(4), details: { 'k\u0000': 1 } },
        ],
        400,
      );
      expect(batch.body.message).toEqual(['events.1.details: a field name must not contain NUL characters or unpaired UTF-16 surrogates']);
      expect(await count('tracking_events')).toBe(before);
    });

    it('rejects an empty batch and one over BATCH_MAX_SIZE', async () => {
      const empty = await api.batch([], 400);
      expect(empty.body.message).toEqual(['events: must hold at least one event']);
      const six = Array.from({ length: 6 }, (_, index) => ({
        trackingNumber: 'TN-B-1',
        eventId: `b-many-${index}`,
        status: 'in_transit',
        occurredAt: minutesAgo(10),
      }));
      const tooMany = await api.batch(six, 400);
      expect(tooMany.body.message).toEqual(['events: at most 5 per batch, got 6']);
    });
  });

  describe('tenant isolation', () => {
    it("keeps each tenant's shipments apart: the same tracking number twice, another tenant's is a 404", async () => {
      await api.register({ trackingNumber: 'TN-SHARED', correlationId: 'acme-trace' });
      const globex = api.as('globex');
      const theirs = await globex.register({ trackingNumber: 'TN-SHARED', correlationId: 'globex-trace' });
      expect(theirs.body.correlationId).toBe('globex-trace');
      await globex.post('TN-SHARED', { eventId: 'g-1', status: 'delivered', occurredAt: minutesAgo(5) });

      await api.register({ trackingNumber: 'TN-ACME-ONLY' });
      await globex.get('TN-ACME-ONLY', 404);
      await globex.post('TN-ACME-ONLY', { eventId: 'g-2', status: 'delivered', occurredAt: minutesAgo(5) }, 404);
      await globex.batch([{ trackingNumber: 'TN-ACME-ONLY', eventId: 'g-3', status: 'delivered', occurredAt: minutesAgo(5) }], 404);

      const mine = await api.get('TN-SHARED');
      expect(mine.body.correlationId).toBe('acme-trace');
      expect(mine.body.timeline).toEqual([]);
      expect(mine.body.pendingEvents).toBe(0);
    });
  });

  describe('rate limit', () => {
    it('answers 429 past the limit per tenant, with Retry-After, while other tenants go on', async () => {
      const limitedApi = new TrackingClient(limited.url);
      for (let n = 1; n <= 3; n += 1) {
        await limitedApi.get('TN-REG-1');
      }
      const over = await limitedApi.get('TN-REG-1', 429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      await limitedApi.register({ trackingNumber: 'TN-RL-1' }, 429);
      await limitedApi.as('globex').get('TN-SHARED');
      expect(await count('shipments')).toBeGreaterThan(0);
      await api.get('TN-RL-1', 404);
    });

    it("charges a batch of N events N of the tenant's budget", async () => {
      // globex spent 1 of its 3 above.
      const globex = new TrackingClient(limited.url).as('globex');
      const event = (n: number) => ({
        trackingNumber: 'TN-SHARED',
        eventId: `cost-${n}`,
        status: 'in_transit',
        occurredAt: minutesAgo(30 - n),
      });
      const over = await globex.batch([event(1), event(2), event(3)], 429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      // A refused batch costs nothing: the 2 left serve a batch of 2, then nothing is left.
      await globex.batch([event(4), event(5)], 202);
      await globex.batch([event(6)], 429);
    });
  });
});
