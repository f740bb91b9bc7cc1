import type { Channel } from '@tenaz/contracts';
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, Relation, UpdateDateColumn } from 'typeorm';
import { NotificationAttemptEntity } from './notification-attempt.entity';
import type { NotificationOrigin, NotificationStatus } from './notification-status';

/** Where a notification requested by another service came from (tracking: shipment and milestone). */
export interface NotificationSource {
  service: string;
  trackingNumber?: string;
  eventId?: string;
  milestone?: string;
}

/** A notification: what to send to whom, and how far its delivery got. */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 50 })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: Channel;

  @Column({ type: 'varchar', length: 320 })
  recipient!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  subject!: string | null;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ name: 'template_id', type: 'varchar', length: 100, nullable: true })
  templateId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data!: Record<string, unknown> | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 100, nullable: true })
  correlationId!: string | null;

  @Column({ name: 'country_code', type: 'varchar', length: 3, nullable: true })
  countryCode!: string | null;

  @Column({ type: 'smallint' })
  priority!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: NotificationStatus;

  @Column({ type: 'varchar', length: 16 })
  origin!: NotificationOrigin;

  @Column({ type: 'jsonb', nullable: true })
  source!: NotificationSource | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  provider!: string | null;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 200, nullable: true })
  providerMessageId!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @OneToMany(() => NotificationAttemptEntity, (attempt) => attempt.notification)
  attempts?: Relation<NotificationAttemptEntity[]>;
}
