import { PageQueryDto } from '../http/page-query.dto';

/** A page of failed outbox rows, newest first. */
export class OutboxListQueryDto extends PageQueryDto {}
