import { CHANNELS, Channel } from '@tenaz/contracts';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { CONTACT_FOR_CHANNEL } from '../shipment-rules';
import { TRACKING_STATUSES, TrackingStatus } from '../tracking-status';

/** The recipient's contacts as far as they are strings (their formats are checked on their own fields). */
function contactsOf(args: ValidationArguments): Record<string, unknown> {
  const recipient = (args.object as { recipient?: unknown }).recipient;
  return recipient !== null && typeof recipient === 'object' ? (recipient as Record<string, unknown>) : {};
}

/**
 * Why the subscriptions cannot be served, one line per problem: a channel whose contact the
 * recipient lacks (whatsapp without a phone) and repeated (milestone, channel) pairs. Entries that
 * are malformed themselves are reported on their own fields and skipped here.
 */
export function subscriptionProblems(notify: unknown, contacts: Record<string, unknown>): string[] {
  if (!Array.isArray(notify)) {
    return [];
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  notify.forEach((entry: { on?: unknown; channel?: unknown } | null, index) => {
    const channel = entry?.channel as Channel;
    const on = entry?.on as TrackingStatus;
    if (!CHANNELS.includes(channel) || !TRACKING_STATUSES.includes(on)) {
      return;
    }
    const contact = CONTACT_FOR_CHANNEL[channel];
    if (typeof contacts[contact] !== 'string') {
      problems.push(`notify.${index}.channel: ${channel} needs recipient.${contact}`);
    }
    const key = `${on}/${channel}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`notify.${index}: repeats notify.${first} (${on} by ${channel})`);
    }
    seen.set(key, first ?? index);
  });
  return problems;
}

/**
 * Every subscription must be deliverable to the recipient, and none repeated. The problems join
 * into one message, each naming its entry (`notify.1.channel: whatsapp needs recipient.phone`).
 */
export function AreSubscriptionsDeliverable(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'areSubscriptionsDeliverable',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => subscriptionProblems(value, contactsOf(args)).length === 0,
        defaultMessage: (args: ValidationArguments) => subscriptionProblems(args.value, contactsOf(args)).join('; '),
      },
    });
}

/** The recipient must have at least one contact (email, phone or push token). */
export function HasAContact(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'hasAContact',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          value !== null &&
          typeof value === 'object' &&
          ['email', 'phone', 'pushToken'].some((key) => (value as Record<string, unknown>)[key] !== undefined),
        defaultMessage: () => 'needs at least one of email, phone, pushToken',
      },
    });
}
