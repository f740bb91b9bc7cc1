import { subscriptionProblems } from './subscriptions.validator';

describe(subscriptionProblems.name, () => {
  it('names each subscription whose contact is missing, and each repeat', () => {
    const notify = [
      { on: 'out_for_delivery', channel: 'whatsapp' },
      { on: 'delivered', channel: 'email' },
      { on: 'delivered', channel: 'push' },
      { on: 'out_for_delivery', channel: 'whatsapp' },
    ];
    expect(subscriptionProblems(notify, { phone: '+5215512345678' })).toEqual([
      'notify.1.channel: email needs recipient.email',
      'notify.2.channel: push needs recipient.pushToken',
      'notify.3: repeats notify.0 (out_for_delivery by whatsapp)',
    ]);
  });

  it('leaves malformed entries and non-arrays to their own checks', () => {
    expect(subscriptionProblems([{ on: 'lost', channel: 'sms' }, null], {})).toEqual([]);
    expect(subscriptionProblems('delivered', {})).toEqual([]);
  });
});
