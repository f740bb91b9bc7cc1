import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, Channel, E164_PATTERN, PUSH_TOKEN_PATTERN } from '@tenaz/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { TRACKING_NUMBER_PATTERN, TRACKING_NUMBER_RULE } from '../shipment-rules';
import { TRACKING_STATUSES, TrackingStatus } from '../tracking-status';
import { AreSubscriptionsDeliverable, HasAContact } from './subscriptions.validator';

/** Who receives the shipment: the contacts its notifications go to. Personal data: never logged. */
export class RecipientContact {
  @ApiPropertyOptional({ example: 'juana@example.com', description: 'For channel email.' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320, { message: 'must be at most 320 characters' })
  email?: string;

  @ApiPropertyOptional({ example: '+5215512345678', description: 'E.164, for channels sms and whatsapp.' })
  @IsOptional()
  @Matches(E164_PATTERN, { message: 'must be an E.164 phone number (+ and 8-15 digits)' })
  phone?: string;

  @ApiPropertyOptional({ description: 'An FCM or APNs token, for channel push.' })
  @IsOptional()
  @Matches(PUSH_TOKEN_PATTERN, { message: 'must be a push token (32-320 letters, digits, ":", "_", "-", ".")' })
  pushToken?: string;
}

/** Notify the recipient when the shipment reaches `on`, through `channel`. */
export class NotifySubscriptionInput {
  @ApiProperty({ enum: TRACKING_STATUSES, example: 'out_for_delivery' })
  @IsIn(TRACKING_STATUSES, { message: `must be one of ${TRACKING_STATUSES.join(', ')}` })
  on!: TrackingStatus;

  @ApiProperty({ enum: CHANNELS, example: 'whatsapp' })
  @IsIn(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` })
  channel!: Channel;
}

/** Most subscriptions per shipment: every milestone on every channel is 28; 20 is plenty in practice. */
export const MAX_SUBSCRIPTIONS = 20;

/**
 * The body of `POST /shipments`: register a shipment. The tenant comes from the API key, never from here.
 * Type checks are listed last on each field: decorators run bottom-up and the pipe reports a
 * field's first problem only.
 */
export class RegisterShipmentDto {
  @ApiProperty({ example: 'TN-2025-0001', description: 'Unique per tenant.' })
  @Matches(TRACKING_NUMBER_PATTERN, { message: TRACKING_NUMBER_RULE })
  @IsString({ message: 'must be a string' })
  trackingNumber!: string;

  @ApiProperty({ type: RecipientContact })
  @IsDefined({ message: 'is required' })
  @ValidateNested()
  @Type(() => RecipientContact)
  @HasAContact()
  @IsObject({ message: 'must be an object' })
  recipient!: RecipientContact;

  @ApiPropertyOptional({ type: [NotifySubscriptionInput], description: 'Milestones to notify the recipient about; each once.' })
  @IsOptional()
  @AreSubscriptionsDeliverable()
  @ValidateNested({ each: true })
  @Type(() => NotifySubscriptionInput)
  @ArrayMaxSize(MAX_SUBSCRIPTIONS, { message: `must hold at most ${MAX_SUBSCRIPTIONS} subscriptions` })
  @IsArray({ message: 'must be an array of { on, channel }' })
  notify?: NotifySubscriptionInput[];

  @ApiPropertyOptional({ example: 'MX', description: 'ISO 3166 alpha-2 or alpha-3, upper case.' })
  @IsOptional()
  @Matches(/^[A-Z]{2,3}$/, { message: 'must be an ISO 3166 alpha-2 or alpha-3 code in upper case' })
  countryCode?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Ties every message of this shipment to one trace; generated when absent.' })
  @IsOptional()
  @Length(1, 100, { message: 'must be 1-100 characters' })
  @IsString({ message: 'must be a string' })
  correlationId?: string;
}
