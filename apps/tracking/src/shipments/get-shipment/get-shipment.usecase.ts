import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requestedNotificationId } from '@tenaz/contracts';
import { ShipmentNotFoundError } from '../errors';
import { ShipmentRepository } from '../shipment.repository';
import { TrackingEventRepository } from '../tracking-event.repository';
import { GetShipmentCommand } from './get-shipment.command';
import { ShipmentView } from './shipment.view';

/** A tenant's shipment with its timeline; another tenant's tracking number is not found (404). */
@Injectable()
export class GetShipmentUsecase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shipments: ShipmentRepository,
    private readonly events: TrackingEventRepository,
  ) {}

  async execute(command: GetShipmentCommand): Promise<ShipmentView> {
    const { tenantId, trackingNumber } = command;
    // One snapshot (REPEATABLE READ), so the status always matches the timeline's last entry.
    const read = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const shipment = await this.shipments.findForTenant(manager, tenantId, trackingNumber);
      if (!shipment) {
        return undefined;
      }
      const timeline = await this.events.timeline(manager, shipment.id);
      const pendingEvents = await this.events.pendingCount(manager, shipment.id);
      const notifications = await this.shipments.milestoneNotifications(manager, shipment.id);
      return { shipment, timeline, pendingEvents, notifications };
    });
    if (!read) {
      throw ShipmentNotFoundError.of(trackingNumber);
    }
    const { shipment, timeline, pendingEvents, notifications } = read;
    return {
      trackingNumber: shipment.trackingNumber,
      status: shipment.status,
      timeline: timeline.map((row) => ({
        eventId: row.event_id,
        status: row.status,
        location: row.location,
        occurredAt: row.occurred_at.toISOString(),
        source: row.source,
        details: row.details,
        receivedAt: row.received_at.toISOString(),
      })),
      pendingEvents,
      correlationId: shipment.correlationId,
      countryCode: shipment.countryCode,
      recipient: { email: shipment.recipientEmail, phone: shipment.recipientPhone, pushToken: shipment.recipientPushToken },
      notify: shipment.notify,
      notifications: notifications.map((entry) => ({
        on: entry.milestone,
        channel: entry.channel,
        eventId: entry.eventId,
        notificationId: requestedNotificationId(entry.messageId),
        requestedAt: entry.requestedAt.toISOString(),
      })),
      createdAt: shipment.createdAt.toISOString(),
      updatedAt: shipment.updatedAt.toISOString(),
    };
  }
}
