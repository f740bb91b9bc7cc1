import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, Channel } from '@tenaz/contracts';
import { ATTEMPT_OUTCOMES, AttemptOutcome, NOTIFICATION_STATUSES, NotificationStatus } from '../notification-status';
import type { NotificationEntity, NotificationSource } from '../notification.entity';

/** One delivery attempt as `GET /notifications/:id` shows it. */
export class AttemptView {
  @ApiProperty() number!: number;
  @ApiProperty({ enum: ATTEMPT_OUTCOMES }) outcome!: AttemptOutcome;
  @ApiProperty({ example: 'http' }) provider!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) providerMessageId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) error!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The wait a provider asked for (429 Retry-After).' }) retryInMs!:
    number | null;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) finishedAt!: string | null;
}

/** `GET /notifications/:id`: the notification, its status and every attempt. */
export class NotificationView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status!: NotificationStatus;
  @ApiProperty() recipient!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) subject!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) body!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) templateId!: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) data!: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: String, nullable: true }) correlationId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) countryCode!: string | null;
  @ApiProperty({ description: '0 normal, 1 high, 2 critical (by channel).' }) priority!: number;
  @ApiProperty({ enum: ['api', 'queue'] }) origin!: 'api' | 'queue';
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) source!: NotificationSource | null;
  @ApiPropertyOptional({ type: String, nullable: true }) provider!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) providerMessageId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) sentAt!: string | null;
  @ApiProperty({ type: [AttemptView] }) attempts!: AttemptView[];

  static of(notification: NotificationEntity): NotificationView {
    const { attempts = [], tenantId: _tenantId, ...fields } = notification;
    return {
      ...fields,
      createdAt: notification.createdAt.toISOString(),
      updatedAt: notification.updatedAt.toISOString(),
      sentAt: notification.sentAt?.toISOString() ?? null,
      attempts: attempts.map((attempt) => ({
        number: attempt.number,
        outcome: attempt.outcome,
        provider: attempt.provider,
        providerMessageId: attempt.providerMessageId,
        error: attempt.error,
        retryInMs: attempt.retryInMs,
        startedAt: attempt.startedAt.toISOString(),
        finishedAt: attempt.finishedAt?.toISOString() ?? null,
      })),
    };
  }
}
