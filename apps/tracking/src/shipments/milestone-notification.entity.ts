import type { Channel } from '@tenaz/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TrackingStatus } from './tracking-status';

/** A notification request raised for a subscribed milestone: once per (shipment, milestone, channel). */
@Entity({ name: 'milestone_notifications' })
export class MilestoneNotificationEntity {
  @PrimaryColumn({ name: 'shipment_id', type: 'uuid' })
  shipmentId!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  milestone!: TrackingStatus;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  channel!: Channel;

  /** The event that reached the milestone first (in processing order). */
  @Column({ name: 'event_id', type: 'varchar', length: 100 })
  eventId!: string;

  /** The `notification.requested` message's id (deterministic from the natural key). */
  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;
}
