import request from 'supertest';
import { startTestApp, TestApp } from '../helpers/test-app';
import { minutesAgo, TrackingClient } from '../helpers/tracking-client';
import { TestDatabase, createTestDatabase, waitFor } from '@tenaz/test-kit';

interface Timeline {
  status: string | null;
  pendingEvents: number;
  timeline: { eventId: string }[];
}

/** Events this process applied to timelines (its `tracking_events_applied_total`, over every label). */
async function eventsApplied(url: string): Promise<number> {
  const text = (await request(url).get('/metrics').expect(200)).text;
  return text
    .split('\n')
    .filter((line) => line.startsWith('tracking_events_applied_total{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
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

    // Nothing projects yet, so the event is accepted and waiting.
    const waiting = (await api.get('TN-API-ONLY-1')).body as Timeline;
    expect(waiting).toMatchObject({ status: null, pendingEvents: 1, timeline: [] });

    const projecting = await startTestApp({ DATABASE_URL: database.url });
    services.push(projecting);
    const applied = await waitFor(
      async () => {
        const view = (await api.get('TN-API-ONLY-1')).body as Timeline;
        return view.pendingEvents === 0 ? view : undefined;
      },
      { description: 'the projecting process to apply the event' },
    );
    // No pause to prove a negative: the event was applied once, and each process counts what it
    // applied, so the count shows which one did.
    expect(await eventsApplied(projecting.url)).toBe(1);
    expect(await eventsApplied(apiOnly.url)).toBe(0);
    expect(applied).toMatchObject({ status: 'picked_up', timeline: [{ eventId: 'evt-1' }] });
  });
});
