import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const HOUR_MS = 3_600_000;

/** The query of `GET …/history`: how far back, in buckets of what size. */
export class HistoryQueryDto {
  @ApiPropertyOptional({ default: HOUR_MS, minimum: 60_000, maximum: 24 * HOUR_MS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60_000)
  @Max(24 * HOUR_MS)
  windowMs?: number;

  @ApiPropertyOptional({ default: 60_000, minimum: 1_000, maximum: HOUR_MS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(HOUR_MS)
  bucketMs?: number;
}
