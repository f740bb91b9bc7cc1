import { deterministicMessageId } from '@tenaz/messaging';
import request from 'supertest';
import { ApplyTrackingEventUsecase } from '../../src/shipments/apply-tracking-event/apply-tracking-event.usecase';
import { startTestApp, TestApp } from '../helpers/test-app';
import { minutesAgo, TrackingClient } from '../helpers/tracking-client';
import {
  PublishedMessages,
  TestDatabase,
  TestVhost,
  createTestDatabase,
  createTestVhost,
  tapPublishedMessages,
  waitFor,
} from '@tenaz/test-kit';

interface Timeline {
  status: string | null;
  pendingEvents: number;
  timeline: { eventId: string; status: string; location: string | null; occurredAt: string }[];
  notifications: { on: string; channel: string; eventId: string; notificationId: string }[];
}

/** Fisher-Yates with a fixed seed: a different order from occurrence, the same one every run. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

/** Queue `track_trace` on each transport: the same service, only the configuration differs. */
const TRANSPORTS = ['postgres', 'rabbitmq'] as const;

/**
 * The projection over HTTP: ordering whatever the arrival order, duplicates once, status never
 * backwards, milestones once. The message-level checks read `tenaz.reliable_messages`, so they run
 * with both queues on PostgreSQL.
 */
describe.each(TRANSPORTS)(`${ApplyTrackingEventUsecase.name} (track_trace on %s)`, (transport) => {
  let database: TestDatabase;
  let vhost: TestVhost | undefined;
  let service: TestApp;
  let api: TrackingClient;

  beforeAll(async () => {
    database = await createTestDatabase(`timeline_${transport}`);
    vhost = transport === 'rabbitmq' ? await createTestVhost('track_timeline') : undefined;
    const broker: Record<string, string> = vhost ? { TRACK_TRACE_QUEUE_TRANSPORT: 'rabbitmq', RABBITMQ_URL: vhost.url } : {};
    service = await startTestApp({ DATABASE_URL: database.url, ...broker });
    api = new TrackingClient(service.url);
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await vhost?.drop();
    await database?.drop();
  });

  /** The shipment once every accepted event is in its timeline (and `expected` of them are). */
  const settled = (trackingNumber: string, expected: number) =>
    waitFor(
      async () => {
        const view = (await api.get(trackingNumber)).body as Timeline;
        return view.pendingEvents === 0 && view.timeline.length === expected ? view : undefined;
      },
      { description: `${trackingNumber}'s timeline to hold ${expected} events` },
    );

  it('orders the timeline by occurrence whatever the arrival order, and the status is the latest event', async () => {
    const ready = await request(service.url).get('/health/ready').expect(200);
    expect(ready.body.info.messaging.queues.track_trace.transport).toBe(transport);
    await api.register({ trackingNumber: 'TN-ORDER-1' });
    const lifecycle = ['created', 'picked_up', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered'];
    const events = lifecycle.map((status, index) => ({
      eventId: `ord-${index}`,
      status,
      occurredAt: minutesAgo(100 - index * 10),
      location: `hub ${index}`,
    }));
    const arrival = shuffled(events);
    expect(arrival.map((event) => event.eventId)).not.toEqual(events.map((event) => event.eventId));
    // Half one by one, the rest as one batch, all concurrently: arrival and processing order are both scrambled.
    await Promise.all([
      ...arrival.slice(0, 4).map((event) => api.post('TN-ORDER-1', event)),
      api.batch(arrival.slice(4).map((event) => ({ ...event, trackingNumber: 'TN-ORDER-1' }))),
    ]);
    const view = await settled('TN-ORDER-1', events.length);
    expect(view.timeline.map((entry) => entry.eventId)).toEqual(events.map((event) => event.eventId));
    expect(view.timeline.map((entry) => entry.occurredAt)).toEqual(events.map((event) => new Date(event.occurredAt).toISOString()));
    expect(view.status).toBe('delivered');
  });

  it('puts a late older event in the timeline without moving the status backwards', async () => {
    await api.register({ trackingNumber: 'TN-LATE-1' });
    await api.post('TN-LATE-1', { eventId: 'late-2', status: 'delivered', occurredAt: minutesAgo(10) });
    expect((await settled('TN-LATE-1', 1)).status).toBe('delivered');
    await api.post('TN-LATE-1', { eventId: 'late-1', status: 'out_for_delivery', occurredAt: minutesAgo(60) });
    const view = await settled('TN-LATE-1', 2);
    expect(view.timeline.map((entry) => entry.eventId)).toEqual(['late-1', 'late-2']);
    expect(view.status).toBe('delivered');
    // A newer exception does move it: the status follows occurrence, not the lifecycle.
    await api.post('TN-LATE-1', { eventId: 'late-3', status: 'exception', occurredAt: minutesAgo(1) });
    expect((await settled('TN-LATE-1', 3)).status).toBe('exception');
  });

  it('does not tell the recipient about a milestone older than the current status: a late out_for_delivery after delivered raises nothing', async () => {
    await api.register({
      trackingNumber: 'TN-STALE-1',
      recipient: { phone: '+5215511113333' },
      notify: [
        { on: 'out_for_delivery', channel: 'sms' },
        { on: 'delivered', channel: 'sms' },
        { on: 'exception', channel: 'sms' },
      ],
    });
    await api.post('TN-STALE-1', { eventId: 'st-3', status: 'delivered', occurredAt: minutesAgo(10) });
    await settled('TN-STALE-1', 1);
    await api.post('TN-STALE-1', { eventId: 'st-1', status: 'out_for_delivery', occurredAt: minutesAgo(60) });
    // The late event is in the timeline (applied in the transaction that would have raised its milestone).
    const view = await settled('TN-STALE-1', 2);
    expect(view.status).toBe('delivered');
    expect(view.timeline.map((entry) => entry.eventId)).toEqual(['st-1', 'st-3']);
    expect(view.notifications.map((entry) => `${entry.on}/${entry.eventId}`)).toEqual(['delivered/st-3']);
    // A newer event still raises its milestone, whatever its stage: the status follows occurrence.
    await api.post('TN-STALE-1', { eventId: 'st-4', status: 'exception', occurredAt: minutesAgo(1) });
    const later = await settled('TN-STALE-1', 3);
    expect(later.notifications.map((entry) => `${entry.on}/${entry.eventId}`).sort()).toEqual(['delivered/st-3', 'exception/st-4']);
  });

  it('breaks ties at the same instant by stage, whichever arrived first', async () => {
    await api.register({ trackingNumber: 'TN-TIE-1' });
    const at = minutesAgo(5);
    await api.post('TN-TIE-1', { eventId: 'tie-b', status: 'delivered', occurredAt: at });
    await settled('TN-TIE-1', 1);
    await api.post('TN-TIE-1', { eventId: 'tie-a', status: 'out_for_delivery', occurredAt: at });
    const view = await settled('TN-TIE-1', 2);
    expect(view.status).toBe('delivered');
    expect(view.timeline.map((entry) => entry.status)).toEqual(['out_for_delivery', 'delivered']);
  });

  it('stores a duplicate event once: repeats answer duplicate, concurrent ones too, and the timeline shows it once', async () => {
    await api.register({ trackingNumber: 'TN-DUP-1' });
    const event = {
      eventId: 'dup-1',
      status: 'in_transit',
      occurredAt: minutesAgo(30),
      location: 'Puebla, MX',
      details: { hub: 'PUE', seq: 1 },
    };
    const first = await api.post('TN-DUP-1', event);
    expect(first.body.duplicate).toBe(false);
    const repeat = await api.post('TN-DUP-1', { ...event, details: { seq: 1, hub: 'PUE' } });
    expect(repeat.body).toEqual({ trackingNumber: 'TN-DUP-1', eventId: 'dup-1', duplicate: true });

    const concurrent = { eventId: 'dup-2', status: 'out_for_delivery', occurredAt: minutesAgo(20) };
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.post('TN-DUP-1', concurrent)));
    expect(answers.map((answer) => answer.body.duplicate).sort()).toEqual([false, true, true, true, true]);

    // One timestamp for both copies: two calls to minutesAgo can straddle a millisecond and make them differ.
    const tenMinutesAgo = minutesAgo(10);
    const inBatch = await api.batch([
      { trackingNumber: 'TN-DUP-1', ...event },
      { trackingNumber: 'TN-DUP-1', eventId: 'dup-3', status: 'delivered', occurredAt: tenMinutesAgo },
      { trackingNumber: 'TN-DUP-1', eventId: 'dup-3', status: 'delivered', occurredAt: tenMinutesAgo },
    ]);
    expect(inBatch.body.events.map((entry: { duplicate: boolean }) => entry.duplicate)).toEqual([true, false, true]);

    const view = await settled('TN-DUP-1', 3);
    expect(view.timeline.map((entry) => entry.eventId)).toEqual(['dup-1', 'dup-2', 'dup-3']);
    const stored = await database.sql.query(`SELECT count(*)::int AS count FROM tracking.tracking_events WHERE event_id LIKE 'dup-%'`);
    expect(stored.rows[0].count).toBe(3);
  });

  it('rejects an event id reused with different content (409), in a batch too, storing nothing', async () => {
    await api.register({ trackingNumber: 'TN-CONFLICT-1' });
    await api.post('TN-CONFLICT-1', { eventId: 'c-1', status: 'in_transit', occurredAt: minutesAgo(30) });
    const conflict = await api.post('TN-CONFLICT-1', { eventId: 'c-1', status: 'delivered', occurredAt: minutesAgo(30) }, 409);
    expect(conflict.body.message).toEqual(['eventId: event c-1 of shipment TN-CONFLICT-1 was already recorded with different content']);
    const batch = await api.batch(
      [
        { trackingNumber: 'TN-CONFLICT-1', eventId: 'c-2', status: 'delivered', occurredAt: minutesAgo(5) },
        { trackingNumber: 'TN-CONFLICT-1', eventId: 'c-2', status: 'exception', occurredAt: minutesAgo(5) },
      ],
      409,
    );
    expect(batch.body.message).toEqual([
      'events.1.eventId: event c-2 of shipment TN-CONFLICT-1 was already recorded with different content',
    ]);
    const view = await settled('TN-CONFLICT-1', 1);
    expect(view.timeline).toEqual([expect.objectContaining({ eventId: 'c-1', status: 'in_transit' })]);
  });
});

/** What the service queues, tapped as it enters `tenaz.reliable_messages` (both queues on PostgreSQL). */
describe(`${ApplyTrackingEventUsecase.name} messages`, () => {
  let database: TestDatabase;
  let service: TestApp;
  let api: TrackingClient;
  let published: PublishedMessages;

  beforeAll(async () => {
    database = await createTestDatabase('messages');
    service = await startTestApp({ DATABASE_URL: database.url });
    api = new TrackingClient(service.url);
    published = await tapPublishedMessages(database.sql);
  }, 30_000);

  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  const settled = (trackingNumber: string, expected: number) =>
    waitFor(
      async () => {
        const view = (await api.get(trackingNumber)).body as Timeline;
        return view.pendingEvents === 0 && view.timeline.length === expected ? view : undefined;
      },
      { description: `${trackingNumber}'s timeline to hold ${expected} events` },
    );

  it("queues each event once on track_trace, critical, with the shipment's correlation id", async () => {
    await api.register({ trackingNumber: 'TN-MSG-1', correlationId: 'trace-msg-1' });
    const event = { eventId: 'm-1', status: 'in_transit', occurredAt: minutesAgo(30) };
    await api.post('TN-MSG-1', event);
    await api.post('TN-MSG-1', event);
    await api.batch([{ trackingNumber: 'TN-MSG-1', ...event }]);
    await settled('TN-MSG-1', 1);
    const rows = await published.rows(`queue_name = 'track_trace' AND payload->>'trackingNumber' = 'TN-MSG-1'`);
    expect(
      rows.map(({ message_type, priority, correlation_id, tenant_id }) => ({ message_type, priority, correlation_id, tenant_id })),
    ).toEqual([{ message_type: 'tracking.event.recorded', priority: 2, correlation_id: 'trace-msg-1', tenant_id: 'acme' }]);
  });

  it('queues one notification request per subscribed milestone, with priority, a deterministic id and the correlation id in the envelope only', async () => {
    await api.register({
      trackingNumber: 'TN-NOTIFY-1',
      recipient: { phone: '+5215511112222', email: 'juana@example.com' },
      notify: [
        { on: 'out_for_delivery', channel: 'whatsapp' },
        { on: 'out_for_delivery', channel: 'email' },
        { on: 'delivered', channel: 'sms' },
        { on: 'returned', channel: 'sms' },
      ],
      countryCode: 'MX',
      correlationId: 'trace-notify-1',
    });
    // Two deliveries attempts: out_for_delivery is reached twice but notified once per channel. Posted
    // in steps, so each milestone is the current status when it is applied (a later event applied
    // first would make it stale: see the next test).
    await api.batch([
      { trackingNumber: 'TN-NOTIFY-1', eventId: 'n-1', status: 'picked_up', occurredAt: minutesAgo(300) },
      { trackingNumber: 'TN-NOTIFY-1', eventId: 'n-2', status: 'out_for_delivery', occurredAt: minutesAgo(200) },
    ]);
    await settled('TN-NOTIFY-1', 2);
    await api.batch([
      { trackingNumber: 'TN-NOTIFY-1', eventId: 'n-3', status: 'exception', occurredAt: minutesAgo(150) },
      { trackingNumber: 'TN-NOTIFY-1', eventId: 'n-4', status: 'out_for_delivery', occurredAt: minutesAgo(100) },
    ]);
    await settled('TN-NOTIFY-1', 4);
    await api.post('TN-NOTIFY-1', { eventId: 'n-5', status: 'delivered', occurredAt: minutesAgo(50) });
    const view = await settled('TN-NOTIFY-1', 5);
    expect(view.notifications.map((entry) => `${entry.on}/${entry.channel}`).sort()).toEqual([
      'delivered/sms',
      'out_for_delivery/email',
      'out_for_delivery/whatsapp',
    ]);

    const rows = await published.rows<{
      payload: { channel: string; recipient: string; source: { milestone: string } } & Record<string, unknown>;
    }>(`queue_name = 'notifications' AND payload->'source'->>'trackingNumber' = 'TN-NOTIFY-1'`);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const { channel, source } = row.payload as { channel: string; source: { milestone: string } };
      expect(row).toMatchObject({
        message_type: 'notification.requested',
        priority: { email: 0, sms: 1, push: 1, whatsapp: 2 }[channel],
        correlation_id: 'trace-notify-1',
        tenant_id: 'acme',
        country_code: 'MX',
        id: deterministicMessageId(`notification.requested:acme:TN-NOTIFY-1:${source.milestone}:${channel}`),
      });
    }
    const whatsapp = rows.find((row) => row.payload.channel === 'whatsapp');
    expect(whatsapp?.payload).toMatchObject({ recipient: '+5215511112222', body: 'Your shipment TN-NOTIFY-1 is out for delivery.' });
    // The correlation id and the country travel once, in the envelope (checked above), never in the payload.
    expect(Object.keys(whatsapp?.payload ?? {})).not.toEqual(expect.arrayContaining(['correlationId']));
    expect(Object.keys(whatsapp?.payload ?? {})).not.toEqual(expect.arrayContaining(['countryCode']));
    const email = rows.find((row) => row.payload.channel === 'email');
    expect(email?.payload.recipient).toBe('juana@example.com');
    const trackTrace = await published.rows<{ correlation_id: string; priority: number }>(
      `queue_name = 'track_trace' AND payload->>'trackingNumber' = 'TN-NOTIFY-1'`,
    );
    expect(new Set(trackTrace.map((row) => `${row.correlation_id}/${row.priority}`))).toEqual(new Set(['trace-notify-1/2']));
  });
});
