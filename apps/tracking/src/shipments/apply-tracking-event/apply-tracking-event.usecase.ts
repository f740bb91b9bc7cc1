import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_REQUESTED, NOTIFICATIONS_QUEUE, PRIORITY_BY_CHANNEL, trackingEventRecordedSchema } from '@tenaz/contracts';
import { ProcessResult, PublishManyEntry, Publisher } from '@tenaz/messaging';
import { APP_LOGGER } from '@tenaz/service-kit';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { TrackingMetrics } from '../../metrics/tracking.metrics';
import { ShipmentRepository } from '../shipment.repository';
import { EventToApply, TrackingEventRepository } from '../tracking-event.repository';
import { ApplyTrackingEventCommand } from './apply-tracking-event.command';
import { milestoneMessageId, milestoneNotification } from './milestone-notification';

/**
 * The projection: applies one `tracking.event.recorded` to its shipment, inside the library's
 * inbox transaction (the inbox record, the timeline, the status and the notification requests
 * commit together, or none does and the message is retried).
 *
 * 1. The event enters the timeline (`applied_at`); if it already had, nothing else happens, so
 *    even a redelivery after the inbox record expired changes nothing.
 * 2. It becomes the current status only if it occurred after the event that set the current one
 *    (ties: later stage, then event id): a late older event lands in the timeline only.
 * 3. Only an event that became the current status raises milestones: each subscription on its
 *    status raises one `notification.requested`, once per (milestone, channel) for the shipment's
 *    life, with the shipment's correlation id. A late older event (an `out_for_delivery` scan
 *    applied after `delivered`) raises nothing: the recipient already knows of a later state, and
 *    "your parcel is out for delivery" would tell someone who has it that it has not arrived.
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

  async execute(command: ApplyTrackingEventCommand): Promise<ProcessResult> {
    const { message, transaction: manager } = command;
    const parsed = trackingEventRecordedSchema.safeParse(message.payload);
    if (!parsed.success) {
      return {
        deadLetter: `invalid tracking.event.recorded: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ')}`,
      };
    }
    const { tenantId, trackingNumber, eventId } = parsed.data;
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
    const requested = advanced ? await this.requestNotifications(manager, tenantId, trackingNumber, event) : [];
    this.metrics.eventsApplied.inc({ status: event.status, effect: advanced ? 'advanced' : 'history' });
    this.metrics.acceptedToTimeline.observe((applied.appliedAt.getTime() - applied.receivedAt.getTime()) / 1_000);
    if (requested.length > 0) {
      // One line per milestone reached (not per event): what an operator follows from scan to delivery. No contact data.
      this.logger.info(
        { tenantId, trackingNumber, eventId, milestone: event.status, channels: requested, correlationId: event.correlationId },
        'milestone notification requested',
      );
    }
    this.logger.debug(
      { tenantId, trackingNumber, eventId, status: event.status, advanced, correlationId: event.correlationId },
      'tracking event applied',
    );
    return 'ack';
  }

  /**
   * Queues the notifications the event's milestone is subscribed to, each (milestone, channel)
   * once for the shipment's life, in one write; returns the channels newly requested.
   */
  private async requestNotifications(
    manager: EntityManager,
    tenantId: string,
    trackingNumber: string,
    event: EventToApply,
  ): Promise<string[]> {
    const messages: PublishManyEntry[] = [];
    for (const subscription of event.notify.filter((candidate) => candidate.on === event.status)) {
      const messageId = milestoneMessageId(tenantId, trackingNumber, subscription);
      const first = await this.shipments.recordMilestoneNotification(manager, {
        shipmentId: event.shipmentId,
        milestone: subscription.on,
        channel: subscription.channel,
        eventId: event.eventId,
        messageId,
      });
      if (first) {
        messages.push({
          queue: NOTIFICATIONS_QUEUE,
          type: NOTIFICATION_REQUESTED,
          payload: milestoneNotification(tenantId, trackingNumber, event, subscription),
          options: {
            priority: PRIORITY_BY_CHANNEL[subscription.channel],
            tenantId,
            correlationId: event.correlationId,
            messageId,
            ...(event.countryCode ? { countryCode: event.countryCode } : {}),
          },
        });
      }
    }
    if (messages.length > 0) {
      await this.publisher.publishManyTransactional(messages, manager);
    }
    const channels = messages.map((entry) => (entry.payload as { channel: string }).channel);
    channels.forEach((channel) => this.metrics.notificationsRequested.inc({ milestone: event.status, channel }));
    return channels;
  }
}
