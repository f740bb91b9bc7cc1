import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, Channel } from '@tenaz/contracts';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsNotificationBody, IsRecipientForChannel, MAX_BODY_LENGTH } from './channel-rules.validator';

/**
 * The body of `POST /notifications` (and each item of a batch): one notification to send. The
 * tenant comes from the API key, never from here; unknown fields are rejected. Validated on
 * arrival by the global ValidationPipe.
 */
export class SendNotificationDto {
  @ApiProperty({ enum: CHANNELS, example: 'sms' })
  @IsIn(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` })
  channel!: Channel;

  @ApiProperty({
    description: 'Email address (email), E.164 phone number (sms, whatsapp) or push token (push).',
    example: '+5215512345678',
  })
  @IsRecipientForChannel()
  recipient!: string;

  @ApiPropertyOptional({
    maxLength: MAX_BODY_LENGTH,
    description: 'Required unless templateId is given (always for email). `{{name}}` placeholders are filled from data.',
  })
  @IsNotificationBody()
  body?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Email subject, push title.' })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Length(1, 200, { message: 'must be 1-200 characters' })
  subject?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'A template the provider renders (sms, whatsapp, push).' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'must be 1-100 letters, digits, "_", ".", ":" or "-"' })
  templateId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Template data; also fills `{{name}}` placeholders.' })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Length(1, 100, { message: 'must be 1-100 characters' })
  correlationId?: string;

  @ApiPropertyOptional({ example: 'MX', description: 'ISO 3166 alpha-2 or alpha-3, upper case.' })
  @IsOptional()
  @Matches(/^[A-Z]{2,3}$/, { message: 'must be an ISO 3166 alpha-2 or alpha-3 code in upper case' })
  countryCode?: string;
}
