import { BadRequestException } from '@nestjs/common';
import type { DeadLetterSelector } from '@tenaz/messaging';
import type { DeadLetterSelectionDto } from './dead-letter-selection.dto';

/** Exactly one of `ids`, `filter`, `all` → the library's selector; anything else is a 400. */
export function toDeadLetterSelector(body: DeadLetterSelectionDto): DeadLetterSelector {
  const given = (['ids', 'filter', 'all'] as const).filter((field) => body[field] !== undefined);
  if (given.length !== 1) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [`(body): exactly one of ids, filter or all is required${given.length > 1 ? ` (got ${given.join(', ')})` : ''}`],
    });
  }
  if (body.ids) {
    return { ids: body.ids };
  }
  return body.filter ? { ...body.filter } : {};
}
