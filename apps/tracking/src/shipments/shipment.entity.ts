import type { Channel } from '@tenaz/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { TrackingStatus } from './tracking-status';

/** A milestone the recipient wants to hear about, and through which channel. */
export interface NotifySubscription {
  on: TrackingStatus;
  channel: Channel;
}

/** A shipment: who receives it, what to tell them, and the projection's current status. */
@Entity({ name: 'shipments' })
export class ShipmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 50 })
  tenantId!: string;

  @Column({ name: 'tracking_number', type: 'varchar', length: 64 })
  trackingNumber!: string;

  @Column({ name: 'recipient_email', type: 'varchar', length: 320, nullable: true })
  recipientEmail!: string | null;

  @Column({ name: 'recipient_phone', type: 'varchar', length: 16, nullable: true })
  recipientPhone!: string | null;

  @Column({ name: 'recipient_push_token', type: 'varchar', length: 320, nullable: true })
  recipientPushToken!: string | null;

  @Column({ type: 'jsonb' })
  notify!: NotifySubscription[];

  @Column({ name: 'country_code', type: 'varchar', length: 3, nullable: true })
  countryCode!: string | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 100 })
  correlationId!: string;

  /** The status of the latest event by occurrence that the projection applied; null before any. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  status!: TrackingStatus | null;

  @Column({ name: 'status_event_id', type: 'varchar', length: 100, nullable: true })
  statusEventId!: string | null;

  @Column({ name: 'status_occurred_at', type: 'timestamptz', nullable: true })
  statusOccurredAt!: Date | null;

  @Column({ name: 'status_rank', type: 'smallint', nullable: true })
  statusRank!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
