import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { BuiltService, spawnBuilt, stopBuilt } from '../helpers/built-service';
import { FakeHttpProvider } from '../helpers/fake-http-provider';
import { API_KEYS, startTestApp, TestApp } from '../helpers/test-app';
import { bearer, minutesAgo, TrackingClient } from '../helpers/tracking-client';
import { PublishedMessages, TestDatabase, createTestDatabase, tapPublishedMessages, waitFor } from '@tenaz/test-kit';

interface ShipmentView {
  status: string;
  pendingEvents: number;
  timeline: { eventId: string }[];
  notifications: { on: string; channel: string; eventId: string; notificationId: string }[];
}

/**
 * The whole chain with both services on one database: a carrier's events reach the timeline, the
 * subscribed milestones become `notification.requested` messages, and the built notifications
 * service (a child process) delivers them through a fake HTTP provider, with the shipment's
 * correlation id on every message of the way.
 */
describe('tracking → notifications', () => {
  let database: TestDatabase;
  let published: PublishedMessages;
  let provider: FakeHttpProvider;
  let tracking: TestApp;
  let notifications: BuiltService;
  let api: TrackingClient;

  beforeAll(async () => {
    database = await createTestDatabase('chain');
    provider = await new FakeHttpProvider().start();
    tracking = await startTestApp({ DATABASE_URL: database.url });
    notifications = await spawnBuilt('notifications', { DATABASE_URL: database.url, API_KEYS, ...provider.providerEnv() });
    published = await tapPublishedMessages(database.sql);
    api = new TrackingClient(tracking.url);
  }, 60_000);

  afterAll(async () => {
    if (notifications) {
      await stopBuilt(notifications);
    }
    await tracking?.close();
    await provider?.stop();
    await database?.drop();
  });

  it('delivers each subscribed milestone once through the provider, with the correlation id end to end', async () => {
    const correlationId = `chain-${randomUUID()}`;
    await api.register({
      trackingNumber: 'TN-CHAIN-1',
      recipient: { phone: '+5215533334444', email: 'juana@example.com' },
      notify: [
        { on: 'out_for_delivery', channel: 'whatsapp' },
        { on: 'delivered', channel: 'sms' },
      ],
      countryCode: 'MX',
      correlationId,
    });
    // Out of order, as in the README's walk-through: the out-for-delivery scan first, then the
    // delivery with the two earlier scans (which land in the timeline and notify nothing).
    await api.post('TN-CHAIN-1', { eventId: 'ch-3', status: 'out_for_delivery', occurredAt: minutesAgo(60), location: 'CDMX' });
    await waitFor(async () => ((await api.get('TN-CHAIN-1')).body as ShipmentView).timeline.length === 1, {
      description: 'the out-for-delivery scan in the timeline',
    });
    await api.batch([
      { trackingNumber: 'TN-CHAIN-1', eventId: 'ch-4', status: 'delivered', occurredAt: minutesAgo(5), location: 'CDMX' },
      { trackingNumber: 'TN-CHAIN-1', eventId: 'ch-2', status: 'in_transit', occurredAt: minutesAgo(120) },
      { trackingNumber: 'TN-CHAIN-1', eventId: 'ch-1', status: 'picked_up', occurredAt: minutesAgo(240) },
    ]);

    const view = await waitFor(
      async () => {
        const body = (await api.get('TN-CHAIN-1')).body as ShipmentView;
        return body.timeline.length === 4 && body.notifications.length === 2 ? body : undefined;
      },
      { description: 'the timeline and both notification requests' },
    );
    expect(view.timeline.map((entry) => entry.eventId)).toEqual(['ch-1', 'ch-2', 'ch-3', 'ch-4']);
    expect(view.status).toBe('delivered');

    const sent = await waitFor(() => (provider.requests.length >= 2 ? provider.requests : undefined), {
      description: 'two provider requests',
    });
    const byPath = Object.fromEntries(sent.map((entry) => [entry.path, entry]));
    expect(byPath['/whatsapp'].body).toMatchObject({ to: '+5215533334444', body: 'Your shipment TN-CHAIN-1 is out for delivery (CDMX).' });
    expect(byPath['/sms'].body).toMatchObject({
      to: '+5215533334444',
      body: 'Your shipment TN-CHAIN-1 was delivered (CDMX).',
      countryCode: 'MX',
    });

    for (const requested of view.notifications) {
      // The shipment links to the notification the provider was asked to send.
      const calls = provider.requestsFor(requested.notificationId);
      expect(calls).toHaveLength(1);
      expect(calls[0].path).toBe(`/${requested.channel}`);
      const notification = await waitFor(
        async () => {
          const answer = await request(notifications.url)
            .get(`/notifications/${requested.notificationId}`)
            .set('Authorization', bearer('acme'))
            .expect(200);
          return answer.body.status === 'sent' ? answer.body : undefined;
        },
        { description: `notification ${requested.notificationId} to be sent` },
      );
      expect(notification).toMatchObject({
        correlationId,
        origin: 'queue',
        countryCode: 'MX',
        source: { service: 'tracking', trackingNumber: 'TN-CHAIN-1', eventId: requested.eventId, milestone: requested.on },
      });
    }

    // Every message of the chain carries the shipment's correlation id.
    const rows = await published.rows(`correlation_id = $1`, [correlationId]);
    const counts = Object.entries(
      rows.reduce<Record<string, number>>(
        (byType, row) => ({ ...byType, [row['message_type'] as string]: (byType[row['message_type'] as string] ?? 0) + 1 }),
        {},
      ),
    );
    expect(
      counts.map(([message_type, count]) => ({ message_type, count })).sort((a, b) => a.message_type.localeCompare(b.message_type)),
    ).toEqual([
      { message_type: 'notification.deliver', count: 2 },
      { message_type: 'notification.requested', count: 2 },
      { message_type: 'tracking.event.recorded', count: 4 },
    ]);
  });

  it('does not notify a milestone again for a repeated event or a second event reaching it', async () => {
    await api.register({
      trackingNumber: 'TN-CHAIN-2',
      recipient: { phone: '+5215555556666' },
      notify: [{ on: 'out_for_delivery', channel: 'sms' }],
    });
    const attempt = { eventId: 'r-1', status: 'out_for_delivery', occurredAt: minutesAgo(90) };
    await api.post('TN-CHAIN-2', attempt);
    const first = await waitFor(
      async () => {
        const body = (await api.get('TN-CHAIN-2')).body as ShipmentView;
        return body.notifications[0] && provider.requestsFor(body.notifications[0].notificationId).length === 1
          ? body.notifications[0]
          : undefined;
      },
      { description: 'the first out_for_delivery notification to reach the provider' },
    );
    expect((await api.post('TN-CHAIN-2', attempt)).body.duplicate).toBe(true);
    await api.post('TN-CHAIN-2', { eventId: 'r-2', status: 'out_for_delivery', occurredAt: minutesAgo(30) });
    await waitFor(
      async () => {
        const body = (await api.get('TN-CHAIN-2')).body as ShipmentView;
        return body.timeline.length === 2 && body.pendingEvents === 0;
      },
      { description: 'the second attempt in the timeline' },
    );
    // The projection commits its requests with the timeline entry: none was raised for r-2.
    const requested = await published.rows(
      `message_type = 'notification.requested' AND payload->'source'->>'trackingNumber' = 'TN-CHAIN-2'`,
    );
    expect(requested).toHaveLength(1);
    expect(provider.requests.filter((entry) => entry.body['to'] === '+5215555556666')).toHaveLength(1);
    expect(provider.requestsFor(first.notificationId)).toHaveLength(1);
  });
});
