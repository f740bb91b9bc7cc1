import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { DeadLetterFilterDto } from './dead-letter-filter.dto';

/** One replay or purge names at most this many ids; more is a filter's job. */
export const MAX_SELECTED_IDS = 10_000;

/**
 * Which dead letters a replay or purge applies to: `ids`, a `filter`, or `all: true`, exactly one
 * (checked by `toDeadLetterSelector`), so an empty body never means "everything" by accident.
 */
export class DeadLetterSelectionDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: `Message ids (1 to ${MAX_SELECTED_IDS}).` })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SELECTED_IDS)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ type: DeadLetterFilterDto, description: 'Every dead letter matching the filter.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeadLetterFilterDto)
  filter?: DeadLetterFilterDto;

  @ApiPropertyOptional({ enum: [true], description: 'Every dead letter of the queue.' })
  @IsOptional()
  @Equals(true)
  all?: true;
}

/** A purge is for good: the body must also say `confirm: true`. */
export class DeadLetterPurgeDto extends DeadLetterSelectionDto {
  @ApiPropertyOptional({ enum: [true], description: 'Required: purged dead letters cannot be recovered.' })
  @Equals(true, { message: 'confirm: must be true to purge (purged dead letters cannot be recovered)' })
  confirm!: true;
}
