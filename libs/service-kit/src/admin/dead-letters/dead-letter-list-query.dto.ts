import { IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '../http/page-query.dto';
import { DeadLetterFilterDto } from './dead-letter-filter.dto';

/** The query of `GET …/dead-letters`: the filter, and a page of the newest first. */
export class DeadLetterListQueryDto extends IntersectionType(DeadLetterFilterDto, PageQueryDto) {}
