import { startTestApp, TestApp } from '../helpers/test-app';
import { minutesAgo, TrackingClient } from '../helpers/tracking-client';
import { TestDatabase, createTestDatabase, waitFor } from '@tenaz/test-kit';

interface Timeline {
  status: string | null;
  pendingEvents: number;
  timeline: { eventId: string }[];
}

/** PROJECTION_ENABLED=false: a process that accepts and queues events while another projects them. */
describe('an API-only tracking process', () => {
  let database: TestDatabase;
  const services: TestApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('api_only');
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.close()));
    await database?.drop();
  });

  it('accepts events without applying them; a projecting process applies them', async () => {
    const apiOnly = await startTestApp({ DATABASE_URL: database.url, PROJECTION_ENABLED: 'false' });
    services.push(apiOnly);
    const api = new TrackingClient(apiOnly.url);
    await api.register({ trackingNumber: 'TN-API-ONLY-1' });
    await api.post('TN-API-ONLY-1', { eventId: 'evt-1', status: 'picked_up', occurredAt: minutesAgo(5) });

    // A projecting process applies an event within milliseconds; this one leaves it queued.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const waiting = (await api.get('TN-API-ONLY-1')).body as Timeline;
    expect(waiting).toMatchObject({ status: null, pendingEvents: 1, timeline: [] });

    services.push(await startTestApp({ DATABASE_URL: database.url }));
    const applied = await waitFor(
      async () => {
        const view = (await api.get('TN-API-ONLY-1')).body as Timeline;
        return view.pendingEvents === 0 ? view : undefined;
      },
      { description: 'the projecting process to apply the event' },
    );
    expect(applied).toMatchObject({ status: 'picked_up', timeline: [{ eventId: 'evt-1' }] });
  });
});
