import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { EVENT_ID_PATTERN, EVENT_ID_RULE } from '../shipment-rules';
import { TRACKING_STATUSES, TrackingStatus } from '../tracking-status';
import { IsEventDetails } from './details.validator';
import { IsOccurredAt } from './occurred-at.validator';

/**
 * The body of `POST /shipments/:trackingNumber/events`: one tracking event. The event id deduplicates: a
 * repeat is stored once. Unknown fields are rejected; validated by the global ValidationPipe.
 * Decorators run bottom-up and the pipe stops at a field's first problem, so each field's type
 * check is listed last: a number is reported as "must be a string", not as a bad pattern.
 */
export class RecordTrackingEventDto {
  @ApiProperty({ example: 'evt-000123', description: 'Unique per shipment; a repeat is a duplicate and changes nothing.' })
  @Matches(EVENT_ID_PATTERN, { message: EVENT_ID_RULE })
  @IsString({ message: 'must be a string' })
  eventId!: string;

  @ApiProperty({ enum: TRACKING_STATUSES, example: 'out_for_delivery' })
  @IsIn(TRACKING_STATUSES, { message: `must be one of ${TRACKING_STATUSES.join(', ')}` })
  status!: TrackingStatus;

  @ApiPropertyOptional({ maxLength: 200, example: 'Ciudad de México, MX' })
  @IsOptional()
  @Length(1, 200, { message: 'must be 1-200 characters' })
  @IsString({ message: 'must be a string' })
  location?: string;

  @ApiProperty({ example: '2025-11-28T14:05:00Z', description: 'ISO 8601 with a time zone; at most 5 minutes ahead of the server clock.' })
  @IsOccurredAt()
  occurredAt!: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'carrier:estafeta', description: 'Who reported the event (carrier, warehouse system).' })
  @IsOptional()
  @Length(1, 100, { message: 'must be 1-100 characters' })
  @IsString({ message: 'must be a string' })
  source?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form carrier data, at most 4 KB as JSON.' })
  @IsOptional()
  @IsEventDetails()
  details?: Record<string, unknown>;
}
