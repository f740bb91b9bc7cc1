import request from 'supertest';
import { waitFor } from '@tenaz/test-kit';

const DEMO = 'Bearer demo-key';

/** What the walk-through saw, for the test to check beyond the statuses asserted here. */
export interface WalkThroughResult {
  timeline: { eventId: string; status: string }[];
  status: string;
  whatsappNotificationId: string;
  notification: { status: string; channel: string; correlationId: string; attempts: { outcome: string; provider: string }[] };
  correlationId: string;
}

/**
 * The README's walk-through, request for request: a shipment whose recipient wants a WhatsApp
 * when it is out for delivery and an email when delivered; the carrier's events out of order (the
 * out-for-delivery scan, then a batch with the delivery and the two earlier scans, then the first
 * scan again); the timeline; the WhatsApp notification sent through the development sink.
 */
export async function runWalkThrough(tracking: string, notifications: string, trackingNumber: string): Promise<WalkThroughResult> {
  const created = await request(tracking)
    .post('/shipments')
    .set('Authorization', DEMO)
    .send({
      trackingNumber,
      recipient: { phone: '+5215512345678', email: 'juana@example.com' },
      notify: [
        { on: 'out_for_delivery', channel: 'whatsapp' },
        { on: 'delivered', channel: 'email' },
      ],
      countryCode: 'MX',
    })
    .expect(201);
  const outForDelivery = {
    eventId: 'evt-3',
    status: 'out_for_delivery',
    occurredAt: '2025-11-28T09:10:00-06:00',
    location: 'Ciudad de México, MX',
    source: 'carrier:estafeta',
  };
  const first = await request(tracking)
    .post(`/shipments/${trackingNumber}/events`)
    .set('Authorization', DEMO)
    .send(outForDelivery)
    .expect(202);
  expect(first.body).toEqual({ trackingNumber, eventId: 'evt-3', duplicate: false });
  // The parcel is out for delivery before the later scans arrive: once `delivered` is applied, an
  // `out_for_delivery` milestone is older than the status and is rightly not notified (issue 8.13).
  await waitFor(
    async () => {
      const body = (await request(tracking).get(`/shipments/${trackingNumber}`).set('Authorization', DEMO).expect(200)).body;
      return body.pendingEvents === 0 && body.notifications.length === 1 ? body : undefined;
    },
    { description: 'the out-for-delivery milestone requested' },
  );
  const batch = await request(tracking)
    .post('/events/batch')
    .set('Authorization', DEMO)
    .send({
      events: [
        {
          trackingNumber,
          eventId: 'evt-4',
          status: 'delivered',
          occurredAt: '2025-11-28T13:42:00-06:00',
          location: 'Ciudad de México, MX',
        },
        { trackingNumber, eventId: 'evt-1', status: 'picked_up', occurredAt: '2025-11-27T18:00:00-06:00', location: 'Monterrey, MX' },
        { trackingNumber, eventId: 'evt-2', status: 'in_transit', occurredAt: '2025-11-28T02:30:00-06:00', location: 'Querétaro, MX' },
      ],
    })
    .expect(202);
  expect(batch.body.events.map((event: { eventId: string; duplicate: boolean }) => [event.eventId, event.duplicate])).toEqual([
    ['evt-4', false],
    ['evt-1', false],
    ['evt-2', false],
  ]);
  const retry = await request(tracking)
    .post(`/shipments/${trackingNumber}/events`)
    .set('Authorization', DEMO)
    .send(outForDelivery)
    .expect(202);
  expect(retry.body.duplicate).toBe(true);

  const shipment = await waitFor(
    async () => {
      const body = (await request(tracking).get(`/shipments/${trackingNumber}`).set('Authorization', DEMO).expect(200)).body;
      return body.pendingEvents === 0 && body.notifications.length === 2 ? body : undefined;
    },
    { description: 'every event applied and both milestones requested' },
  );
  const whatsapp = shipment.notifications.find((entry: { channel: string }) => entry.channel === 'whatsapp');
  const notification = await waitFor(
    async () => {
      const body = (await request(notifications).get(`/notifications/${whatsapp.notificationId}`).set('Authorization', DEMO)).body;
      return body.status === 'sent' ? body : undefined;
    },
    { description: 'the WhatsApp notification sent through the development sink' },
  );
  return {
    timeline: shipment.timeline,
    status: shipment.status,
    whatsappNotificationId: whatsapp.notificationId,
    notification,
    correlationId: created.body.correlationId,
  };
}
