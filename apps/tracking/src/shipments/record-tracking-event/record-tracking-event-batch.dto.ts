import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import { TRACKING_NUMBER_PATTERN, TRACKING_NUMBER_RULE } from '../shipment-rules';
import { RecordTrackingEventDto } from './record-tracking-event.dto';

/** One event of a batch: a single event plus the shipment it belongs to. */
export class TrackingEventBatchItemDto extends RecordTrackingEventDto {
  @ApiProperty({ example: 'TN-2025-0001' })
  @Matches(TRACKING_NUMBER_PATTERN, { message: TRACKING_NUMBER_RULE })
  @IsString({ message: 'must be a string' })
  trackingNumber!: string;
}

/**
 * The body of `POST /events/batch`: up to `BATCH_MAX_SIZE` events (100 by default) of any of the tenant's
 * shipments, accepted all together or not at all. The size bound is checked by the use case,
 * which knows the setting.
 */
export class RecordTrackingEventBatchDto {
  @ApiProperty({ type: [TrackingEventBatchItemDto] })
  @ValidateNested({ each: true })
  @Type(() => TrackingEventBatchItemDto)
  @ArrayMinSize(1, { message: 'must hold at least one event' })
  @IsArray({ message: 'must be an array of events' })
  events!: TrackingEventBatchItemDto[];
}
