import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** A year: ages are bounded so a typo cannot overflow a timestamp; nothing older is lost by it. */
const MAX_AGE_MS = 365 * 24 * 3_600_000;

/** Which dead letters: every criterion given must hold (type, tenant, age since dead-lettered). */
export class DeadLetterFilterDto {
  @ApiPropertyOptional({ description: 'Message type, exactly.', example: 'notification.deliver' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;

  @ApiPropertyOptional({ description: 'Tenant id, exactly.', example: 'acme' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  tenantId?: string;

  @ApiPropertyOptional({ description: 'Dead-lettered at least this many milliseconds ago.', example: 3_600_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_AGE_MS)
  olderThanMs?: number;

  @ApiPropertyOptional({ description: 'Dead-lettered less than this many milliseconds ago.', example: 600_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AGE_MS)
  newerThanMs?: number;
}
