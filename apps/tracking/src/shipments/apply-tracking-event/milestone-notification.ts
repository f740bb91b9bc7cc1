import { notificationRequestedSchema, NotificationRequested } from '@tenaz/contracts';
import { deterministicMessageId } from '@tenaz/messaging';
import type { NotifySubscription } from '../shipment.entity';
import { CONTACT_FOR_CHANNEL } from '../shipment-rules';
import type { EventToApply } from '../tracking-event.repository';
import { MILESTONE_PHRASES } from '../tracking-status';

/**
 * The `notification.requested` message id of a milestone: derived from the request's natural key
 * (tenant, tracking number, milestone, channel), so however often the milestone is reached or the
 * projection retried, the notifications service stores one notification.
 */
export function milestoneMessageId(tenantId: string, trackingNumber: string, subscription: NotifySubscription): string {
  return deterministicMessageId(`notification.requested:${tenantId}:${trackingNumber}:${subscription.on}:${subscription.channel}`);
}

/**
 * What to ask the notifications service for when `event` reaches a milestone the recipient
 * subscribed to: plain text (every channel can send it; email needs it) plus a template id and
 * data for providers that render their own. Checked against the contract before it is queued.
 */
export function milestoneNotification(
  tenantId: string,
  trackingNumber: string,
  event: EventToApply,
  subscription: NotifySubscription,
): NotificationRequested {
  const where = event.location ? ` (${event.location})` : '';
  const label = subscription.on.replace(/_/g, ' ');
  return notificationRequestedSchema.parse({
    tenantId,
    channel: subscription.channel,
    recipient: event.recipient[CONTACT_FOR_CHANNEL[subscription.channel]],
    subject: `Shipment ${trackingNumber}: ${label}`,
    body: `Your shipment ${trackingNumber} ${MILESTONE_PHRASES[subscription.on]}${where}.`,
    templateId: `tracking.${subscription.on}`,
    data: { trackingNumber, milestone: subscription.on, location: event.location, occurredAt: event.occurredAt.toISOString() },
    source: { service: 'tracking', trackingNumber, eventId: event.eventId, milestone: subscription.on },
  });
}
