import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TrackingStatus } from './tracking-status';

/** One tracking event as a carrier posted it, stored once per (shipment, event id). */
@Entity({ name: 'tracking_events' })
export class TrackingEventEntity {
  @PrimaryColumn({ name: 'shipment_id', type: 'uuid' })
  shipmentId!: string;

  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100 })
  eventId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: TrackingStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 100, nullable: true })
  source!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** When the projection applied it (it is in the timeline from then on); null while queued. */
  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt!: Date | null;
}
