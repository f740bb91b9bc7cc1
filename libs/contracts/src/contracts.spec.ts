import { notificationRequestedSchema, PRIORITY_BY_CHANNEL, trackingEventRecordedSchema } from './index';

describe('contracts', () => {
  it('gives each channel the seed priority', () => {
    expect(PRIORITY_BY_CHANNEL).toEqual({ email: 0, sms: 1, push: 1, whatsapp: 2 });
  });

  it('accepts a complete notification request and rejects one without body or template', () => {
    const request = { tenantId: 'acme', channel: 'whatsapp', recipient: '+5215512345678', body: 'Your parcel is out for delivery' };
    expect(notificationRequestedSchema.safeParse(request).success).toBe(true);
    const { body: _body, ...withoutContent } = request;
    const result = notificationRequestedSchema.safeParse(withoutContent);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['body']);
  });

  it('rejects unknown fields in a tracking event message', () => {
    expect(trackingEventRecordedSchema.safeParse({ tenantId: 'acme', trackingNumber: 'TN1', eventId: 'e1', extra: 1 }).success).toBe(false);
  });
});
