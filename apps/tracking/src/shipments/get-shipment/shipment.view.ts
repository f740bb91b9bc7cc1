import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, Channel } from '@tenaz/contracts';
import { TRACKING_STATUSES, TrackingStatus } from '../tracking-status';

/** One event of the timeline. */
export class TimelineEntryView {
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: TRACKING_STATUSES }) status!: TrackingStatus;
  @ApiPropertyOptional({ type: String, nullable: true }) location!: string | null;
  @ApiProperty({ description: 'When it happened (ISO 8601, UTC).' }) occurredAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) source!: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) details!: Record<string, unknown> | null;
  @ApiProperty({ description: 'When the service accepted it (the 202).' }) receivedAt!: string;
}

/** A notification raised for a subscribed milestone. */
export class MilestoneNotificationView {
  @ApiProperty({ enum: TRACKING_STATUSES }) on!: TrackingStatus;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
  @ApiProperty({ description: 'The event that reached the milestone.' }) eventId!: string;
  @ApiProperty({ description: 'Its id in the notifications service: GET /notifications/:id there.' }) notificationId!: string;
  @ApiProperty() requestedAt!: string;
}

/** The recipient's contacts. */
export class RecipientView {
  @ApiPropertyOptional({ type: String, nullable: true }) email!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) pushToken!: string | null;
}

/** A subscription as registered. */
export class NotifySubscriptionView {
  @ApiProperty({ enum: TRACKING_STATUSES }) on!: TrackingStatus;
  @ApiProperty({ enum: CHANNELS }) channel!: Channel;
}

/** `GET /shipments/:trackingNumber`: the current status and the timeline in order of occurrence. */
export class ShipmentView {
  @ApiProperty() trackingNumber!: string;
  @ApiPropertyOptional({
    enum: TRACKING_STATUSES,
    nullable: true,
    description: 'The status of the latest event by occurrence; null before any.',
  })
  status!: TrackingStatus | null;
  @ApiProperty({
    type: [TimelineEntryView],
    description: 'Applied events ordered by occurredAt, whatever order they arrived in; each event id once.',
  })
  timeline!: TimelineEntryView[];
  @ApiProperty({ description: 'Events accepted (202) but not in the timeline yet; usually 0 within milliseconds.' }) pendingEvents!: number;
  @ApiProperty() correlationId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) countryCode!: string | null;
  @ApiProperty({ type: RecipientView }) recipient!: RecipientView;
  @ApiProperty({ type: [NotifySubscriptionView] }) notify!: NotifySubscriptionView[];
  @ApiProperty({ type: [MilestoneNotificationView] }) notifications!: MilestoneNotificationView[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
