import { AppExceptionFilter } from '@tenaz/service-kit';
import { createProxiedTestDatabase, ProxiedTestDatabase, waitFor } from '@tenaz/test-kit';
import { startTestApp, TestApp } from '../helpers/test-app';
import request from 'supertest';
import { bearer, minutesAgo, TrackingClient } from '../helpers/tracking-client';

/** A carrier keeps posting while PostgreSQL is unreachable: 503 (retry) rather than 500, nothing half-stored. */
describe(`${AppExceptionFilter.name}: the database unreachable`, () => {
  let database: ProxiedTestDatabase;
  let service: TestApp;

  beforeAll(async () => {
    database = await createProxiedTestDatabase('track_outage');
    service = await startTestApp({ DATABASE_URL: database.proxiedUrl, PROJECTION_ENABLED: 'false' });
  }, 30_000);

  afterAll(async () => {
    database?.proxy.restore();
    await service?.close();
    await database?.drop();
  });

  it('answers 503 while it is down, stores nothing, and takes the retried event once it is back', async () => {
    const api = new TrackingClient(service.url);
    await api.register({ trackingNumber: 'TN-OUTAGE-1' });
    const event = { eventId: 'evt-1', status: 'picked_up', occurredAt: minutesAgo(5) };
    database.proxy.refuse();
    database.proxy.cut();

    const refused = await api.post('TN-OUTAGE-1', event, 503);
    expect(refused.body.message).toEqual(['the database is unavailable; retry later']);
    const stored = await database.sql.query('SELECT count(*)::int AS n FROM tracking.tracking_events');
    expect(stored.rows[0].n).toBe(0);

    database.proxy.restore();
    const retry = () => request(service.url).post('/shipments/TN-OUTAGE-1/events').set('Authorization', bearer('acme')).send(event);
    await waitFor(async () => (await retry()).status === 202, { description: 'a 202 once the database is back' });
    const after = await database.sql.query('SELECT count(*)::int AS n FROM tracking.tracking_events');
    expect(after.rows[0].n).toBe(1);
  });
});
