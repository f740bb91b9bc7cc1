import { notificationRequestedSchema } from '@tenaz/contracts';
import type { EventToApply } from '../tracking-event.repository';
import { milestoneMessageId, milestoneNotification } from './milestone-notification';

describe(milestoneNotification.name, () => {
  const event: EventToApply = {
    shipmentId: 's1',
    notify: [],
    recipient: { email: 'juana@example.com', phone: '+5215512345678', pushToken: null },
    countryCode: 'MX',
    correlationId: 'order-7',
    eventId: 'evt-9',
    status: 'out_for_delivery',
    location: 'CDMX',
    occurredAt: new Date('2025-11-28T14:05:00Z'),
    receivedAt: new Date(),
    appliedAt: null,
  };

  it("asks for a valid notification to the contact of the channel, with its source and without the envelope's correlation id or country", () => {
    const whatsapp = milestoneNotification('acme', 'TN-1', event, { on: 'out_for_delivery', channel: 'whatsapp' });
    expect(notificationRequestedSchema.safeParse(whatsapp).success).toBe(true);
    expect(whatsapp).toMatchObject({
      tenantId: 'acme',
      channel: 'whatsapp',
      recipient: '+5215512345678',
      body: 'Your shipment TN-1 is out for delivery (CDMX).',
      templateId: 'tracking.out_for_delivery',
      source: { service: 'tracking', trackingNumber: 'TN-1', eventId: 'evt-9', milestone: 'out_for_delivery' },
    });
    expect(whatsapp).not.toHaveProperty('correlationId');
    expect(whatsapp).not.toHaveProperty('countryCode');
    const email = milestoneNotification(
      'acme',
      'TN-1',
      { ...event, location: null, status: 'delivered' },
      { on: 'delivered', channel: 'email' },
    );
    expect(email).toMatchObject({
      recipient: 'juana@example.com',
      subject: 'Shipment TN-1: delivered',
      body: 'Your shipment TN-1 was delivered.',
    });
  });

  it('derives one message id per (tenant, tracking number, milestone, channel)', () => {
    const id = milestoneMessageId('acme', 'TN-1', { on: 'delivered', channel: 'sms' });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(milestoneMessageId('acme', 'TN-1', { on: 'delivered', channel: 'sms' })).toBe(id);
    expect(
      new Set([
        id,
        milestoneMessageId('globex', 'TN-1', { on: 'delivered', channel: 'sms' }),
        milestoneMessageId('acme', 'TN-2', { on: 'delivered', channel: 'sms' }),
        milestoneMessageId('acme', 'TN-1', { on: 'picked_up', channel: 'sms' }),
        milestoneMessageId('acme', 'TN-1', { on: 'delivered', channel: 'email' }),
      ]).size,
    ).toBe(5);
  });
});
