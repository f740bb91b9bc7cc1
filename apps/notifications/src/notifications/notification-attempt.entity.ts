import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
// `Relation<>` and a type-only import: the two entities refer to each other, and decorator
// metadata naming the class would read it before its module finished loading.
import type { NotificationEntity } from './notification.entity';
import type { AttemptOutcome } from './notification-status';

/** One delivery attempt of a notification: when, through which provider, and how it ended. */
@Entity({ name: 'notification_attempts' })
export class NotificationAttemptEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'uuid' })
  notificationId!: string;

  /** 1 for the first attempt of the notification, counting every attempt the service started. */
  @PrimaryColumn({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 16 })
  outcome!: AttemptOutcome;

  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 200, nullable: true })
  providerMessageId!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The wait the provider asked for (429 Retry-After), when it did. */
  @Column({ name: 'retry_in_ms', type: 'integer', nullable: true })
  retryInMs!: number | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @ManyToOne('NotificationEntity', (notification: NotificationEntity) => notification.attempts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Relation<NotificationEntity>;
}
