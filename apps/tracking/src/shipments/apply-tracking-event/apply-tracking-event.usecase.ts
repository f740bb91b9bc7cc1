import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_REQUESTED, PRIORITY_BY_CHANNEL, trackingEventRecordedSchema } from '@tenaz/contracts';
import { HandlerContext, Message, ProcessResult, Publisher } from '@tenaz/messaging';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { TrackingMetrics } from '../../metrics/tracking.metrics';
import { ShipmentRepository } from '../shipment.repository';
import { EventToApply, TrackingEventRepository } from '../tracking-event.repository';
import { milestoneMessageId, milestoneNotification } from './milestone-notification';
import { APP_LOGGER } from '@tenaz/service-kit';

/**
 * The projection: applies one `tracking.event.recorded` to its shipment, inside the library's
 * inbox transaction (the inbox record, the timeline, the status and the notification requests
 * commit together, or none does and the message is retried).
 *
 * 1. The event enters the timeline (`applied_at`); if it already had, nothing else happens, so
 *    even a redelivery after the inbox record expired changes nothing.
 * 2. It becomes the current status only if it occurred after the event that set the current one
 *    (ties: later stage, then event id): a late older event lands in the timeline only.
 * 3. Each subscription on its status raises one `notification.requested`, once per (milestone,
 *    channel) for the shipment's life, with the shipment's correlation id.
 */
@Injectable()
export class ApplyTrackingEventUsecase {
  constructor(
    private readonly shipments: ShipmentRepository,
    private readonly events: TrackingEventRepository,
    private readonly publisher: Publisher,
    private readonly metrics: TrackingMetrics,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(message: Message, context: HandlerContext<EntityManager>): Promise<ProcessResult> {
    const parsed = trackingEventRecordedSchema.safeParse(message.payload);
    if (!parsed.success) {
      return { deadLetter: `invalid tracking.event.recorded: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ')}` };
    }
    const { tenantId, trackingNumber, eventId } = parsed.data;
    const manager = context.transaction as EntityManager;
    const event = await this.events.findToApply(manager, tenantId, trackingNumber, eventId);
    if (!event) {
      // The message is written in the transaction that stores the event, so this is a deleted shipment or a forged message.
      return { deadLetter: `event ${eventId} of shipment ${trackingNumber} (tenant ${tenantId}) is not stored` };
    }
    const applied = await this.events.markApplied(manager, event.shipmentId, eventId);
    if (!applied) {
      this.metrics.eventsApplied.inc({ status: event.status, effect: 'skipped' });
      return 'ack';
    }
    const advanced = await this.shipments.advanceStatus(manager, event.shipmentId, event);
    const requested = await this.requestNotifications(manager, tenantId, trackingNumber, event);
    this.metrics.eventsApplied.inc({ status: event.status, effect: advanced ? 'advanced' : 'history' });
    this.metrics.acceptedToTimeline.observe((applied.appliedAt.getTime() - applied.receivedAt.getTime()) / 1_000);
    if (requested.length > 0) {
      // One line per milestone reached (not per event): what an operator follows from scan to delivery. No contact data.
      this.logger.info({ tenantId, trackingNumber, eventId, milestone: event.status, channels: requested, correlationId: event.correlationId }, 'milestone notification requested');
    }
    this.logger.debug({ tenantId, trackingNumber, eventId, status: event.status, advanced, correlationId: event.correlationId }, 'tracking event applied');
    return 'ack';
  }

  /** Queues the notifications the event's milestone is subscribed to; returns the channels newly requested. */
  private async requestNotifications(manager: EntityManager, tenantId: string, trackingNumber: string, event: EventToApply): Promise<string[]> {
    const requested: string[] = [];
    for (const subscription of event.notify.filter((candidate) => candidate.on === event.status)) {
      const messageId = milestoneMessageId(tenantId, trackingNumber, subscription);
      const first = await this.shipments.recordMilestoneNotification(manager, {
        shipmentId: event.shipmentId,
        milestone: subscription.on,
        channel: subscription.channel,
        eventId: event.eventId,
        messageId,
      });
      if (!first) {
        continue;
      }
      const payload = milestoneNotification(tenantId, trackingNumber, event, subscription);
      await this.publisher.publishTransactional({ queue: 'notifications', type: NOTIFICATION_REQUESTED, payload }, manager, {
        priority: PRIORITY_BY_CHANNEL[subscription.channel],
        tenantId,
        correlationId: event.correlationId,
        messageId,
        ...(event.countryCode ? { countryCode: event.countryCode } : {}),
      });
      this.metrics.notificationsRequested.inc({ milestone: subscription.on, channel: subscription.channel });
      requested.push(subscription.channel);
    }
    return requested;
  }
}
