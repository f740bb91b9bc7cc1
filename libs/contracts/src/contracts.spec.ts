import { E164_PATTERN, notificationRequestedSchema, PRIORITY_BY_CHANNEL, PUSH_TOKEN_PATTERN, trackingEventRecordedSchema } from './index';

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

  it('shares the recipient formats the notifications service accepts', () => {
    expect(E164_PATTERN.test('+5215512345678')).toBe(true);
    expect(E164_PATTERN.test('5512345678')).toBe(false);
    expect(PUSH_TOKEN_PATTERN.test('fcm:APA91bHPRgkF3JUikC4ENAHEeMrd41Zxv3hVZjC9KtT8OvPVGJ')).toBe(true);
    expect(PUSH_TOKEN_PATTERN.test('short')).toBe(false);
  });
});
