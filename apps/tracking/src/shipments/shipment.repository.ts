import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows, SqlRunner } from '@tenaz/service-kit';
import { SQL } from '../database/sql-statements';
import { MilestoneNotificationEntity } from './milestone-notification.entity';
import { NotifySubscription, ShipmentEntity } from './shipment.entity';
import { STATUS_RANK, TrackingStatus } from './tracking-status';

/** The columns a new shipment is written with. */
export interface NewShipment {
  id: string;
  tenantId: string;
  trackingNumber: string;
  recipientEmail: string | null;
  recipientPhone: string | null;
  recipientPushToken: string | null;
  notify: NotifySubscription[];
  countryCode: string | null;
  correlationId: string;
}

/** What accepting an event needs of its shipment. */
export interface ShipmentRef {
  id: string;
  trackingNumber: string;
  correlationId: string;
  countryCode: string | null;
}

/** How `findRefs` keys a shipment: its tenant and tracking number. */
export function shipmentKey(tenantId: string, trackingNumber: string): string {
  return `${tenantId}\n${trackingNumber}`;
}

/** The event that sets a shipment's status, as the ordering key compares it. */
export interface StatusCandidate {
  status: TrackingStatus;
  eventId: string;
  occurredAt: Date;
}

/**
 * Shipments and their projection state. Registration commits on its own; everything else runs in
 * the caller's transaction (accepting events, applying them, a consistent read) and takes its
 * EntityManager.
 */
@Injectable()
export class ShipmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a shipment; returns its creation time, or null when the tenant already has the tracking number. */
  async insert(shipment: NewShipment): Promise<Date | null> {
    const rows = await queryRows<{ created_at: Date }>(this.dataSource, SQL['insert-shipment'], [
      shipment.id,
      shipment.tenantId,
      shipment.trackingNumber,
      shipment.recipientEmail,
      shipment.recipientPhone,
      shipment.recipientPushToken,
      JSON.stringify(shipment.notify),
      shipment.countryCode,
      shipment.correlationId,
    ]);
    return rows[0]?.created_at ?? null;
  }

  /** The shipments of some (tenant, tracking number) pairs, keyed by `shipmentKey` (unknown ones are absent). */
  async findRefs(runner: SqlRunner, pairs: { tenantId: string; trackingNumber: string }[]): Promise<Map<string, ShipmentRef>> {
    const rows = await queryRows<{
      id: string;
      tenant_id: string;
      tracking_number: string;
      correlation_id: string;
      country_code: string | null;
    }>(runner, SQL['find-shipments'], [pairs.map((pair) => pair.tenantId), pairs.map((pair) => pair.trackingNumber)]);
    return new Map(
      rows.map((row) => [
        shipmentKey(row.tenant_id, row.tracking_number),
        { id: row.id, trackingNumber: row.tracking_number, correlationId: row.correlation_id, countryCode: row.country_code },
      ]),
    );
  }

  /** A tenant's shipment, or null (another tenant's tracking number is not found). */
  findForTenant(manager: EntityManager, tenantId: string, trackingNumber: string): Promise<ShipmentEntity | null> {
    return manager.getRepository(ShipmentEntity).findOneBy({ tenantId, trackingNumber });
  }

  /** Makes `candidate` the current status if it sorts after the current one; true when it did. */
  async advanceStatus(manager: EntityManager, shipmentId: string, candidate: StatusCandidate): Promise<boolean> {
    const rows = await queryRows(manager, SQL['advance-shipment-status'], [
      shipmentId,
      candidate.status,
      candidate.eventId,
      candidate.occurredAt.toISOString(),
      STATUS_RANK[candidate.status],
    ]);
    return rows.length > 0;
  }

  /** Records a milestone's notification request; false when it was already requested. */
  async recordMilestoneNotification(
    manager: EntityManager,
    entry: Pick<MilestoneNotificationEntity, 'shipmentId' | 'milestone' | 'channel' | 'eventId' | 'messageId'>,
  ): Promise<boolean> {
    const rows = await queryRows(manager, SQL['record-milestone-notification'], [
      entry.shipmentId,
      entry.milestone,
      entry.channel,
      entry.eventId,
      entry.messageId,
    ]);
    return rows.length > 0;
  }

  /** The notification requests raised for a shipment, oldest first. */
  milestoneNotifications(manager: EntityManager, shipmentId: string): Promise<MilestoneNotificationEntity[]> {
    return manager
      .getRepository(MilestoneNotificationEntity)
      .find({ where: { shipmentId }, order: { requestedAt: 'ASC', milestone: 'ASC', channel: 'ASC' } });
  }
}
