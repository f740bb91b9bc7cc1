import { contentProblem, recipientProblem } from './notification-rules';

describe('notification rules', () => {
  it.each([
    ['email', 'juana@example.com'],
    ['sms', '+5215512345678'],
    ['whatsapp', '+34600111222'],
    ['push', 'fcm:APA91bHPRgkF3JUikC4ENAHEeMrd41Zxv3hVZjC9KtT8OvPVGJ'],
  ] as const)('accepts a %s recipient', (channel, recipient) => {
    expect(recipientProblem(channel, recipient)).toBeUndefined();
  });

  it.each([
    ['email', '+5215512345678'],
    ['sms', '5512345678'],
    ['whatsapp', '+0123456789'],
    ['push', 'short'],
  ] as const)('rejects a %s recipient of the wrong kind', (channel, recipient) => {
    expect(recipientProblem(channel, recipient)).toContain(channel);
  });

  it('needs a body for email and a body or template elsewhere', () => {
    expect(contentProblem('email', { templateId: 'welcome' })).toContain('email');
    expect(contentProblem('sms', {})).toBe('a body or a templateId is required');
    expect(contentProblem('whatsapp', { templateId: 'out_for_delivery' })).toBeUndefined();
  });
});
