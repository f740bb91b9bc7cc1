import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { SendNotificationDto } from './send-notification.dto';

/**
 * The body of `POST /notifications/batch`: up to `BATCH_MAX_SIZE` notifications (100 by default), accepted
 * all together or not at all. The size bound is checked by the use case, which knows the setting.
 */
export class SendNotificationBatchDto {
  @ApiProperty({ type: [SendNotificationDto] })
  @IsArray({ message: 'must be an array of notifications' })
  @ArrayMinSize(1, { message: 'must hold at least one notification' })
  @ValidateNested({ each: true })
  @Type(() => SendNotificationDto)
  notifications!: SendNotificationDto[];
}
