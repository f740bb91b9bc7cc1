import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Messaging } from '@tenaz/messaging';
import { InjectMessaging } from '@tenaz/messaging/nest';
import { AdminAudit } from '../admin-audit';
import { ADMIN_API_PREFIX } from '../admin.constants';
import { AdminKeyGuard } from '../http/admin-key.guard';
import { AdminName } from '../http/admin-name.decorator';
import { knownQueue } from '../http/known-queue';
import { DeadLetterListQueryDto } from './dead-letter-list-query.dto';
import { DeadLetterPurgeDto, DeadLetterSelectionDto } from './dead-letter-selection.dto';
import { DeadLetterDetailView, DeadLetterSummaryView, toDeadLetterDetail, toDeadLetterSummary } from './dead-letter.view';
import { toDeadLetterSelector } from './to-dead-letter-selector';

const DEFAULT_PAGE = 50;

/** A queue's dead letters: listed and counted with filters, shown whole, replayed and purged. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing or unknown admin key.' })
@ApiResponse({ status: 403, description: 'A tenant API key: not allowed here.' })
@ApiResponse({ status: 404, description: 'The queue is not configured.' })
@UseGuards(AdminKeyGuard)
@Controller(`${ADMIN_API_PREFIX}/queues/:queue/dead-letters`)
export class DeadLettersController {
  constructor(
    @InjectMessaging() private readonly messaging: Messaging,
    private readonly audit: AdminAudit,
  ) {}

  @Get()
  @ApiResponse({
    status: 200,
    description: '`{ queue, total, count, limit, offset, deadLetters }`, newest first; `total` counts every match.',
  })
  async list(
    @Param('queue') queue: string,
    @Query() query: DeadLetterListQueryDto,
  ): Promise<{ queue: string; total: number; count: number; limit: number; offset: number; deadLetters: DeadLetterSummaryView[] }> {
    knownQueue(this.messaging, queue);
    const { limit = DEFAULT_PAGE, offset = 0, ...filter } = query;
    const [letters, total] = await Promise.all([
      this.messaging.deadLetters.list(queue, { limit, offset, ...filter }),
      this.messaging.deadLetters.count(queue, filter),
    ]);
    return { queue, total, count: letters.length, limit, offset, deadLetters: letters.map(toDeadLetterSummary) };
  }

  @Get(':id')
  @ApiResponse({ status: 200, description: '`{ deadLetter }` with its payload, headers, last error and attempts.' })
  async show(@Param('queue') queue: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<{ deadLetter: DeadLetterDetailView }> {
    knownQueue(this.messaging, queue);
    const letter = await this.messaging.deadLetters.get(queue, id);
    if (!letter) {
      throw new NotFoundException(`no dead letter ${id} in queue "${queue}"`);
    }
    return { deadLetter: toDeadLetterDetail(letter) };
  }

  @Post('replay')
  @HttpCode(200)
  @ApiResponse({
    status: 200,
    description: '`{ queue, replayed }`: how many went back on the queue, unchanged, with a fresh retry budget.',
  })
  async replay(
    @AdminName() admin: string,
    @Param('queue') queue: string,
    @Body() body: DeadLetterSelectionDto,
  ): Promise<{ queue: string; replayed: number }> {
    knownQueue(this.messaging, queue);
    const replayed = await this.messaging.deadLetters.replay(queue, toDeadLetterSelector(body));
    this.audit.record(admin, { action: 'dead-letters.replay', queue, selection: AdminAudit.describe(body), count: replayed });
    return { queue, replayed };
  }

  @Post('purge')
  @HttpCode(200)
  @ApiResponse({ status: 200, description: '`{ queue, purged }`: how many were deleted for good. Requires `confirm: true`.' })
  async purge(
    @AdminName() admin: string,
    @Param('queue') queue: string,
    @Body() body: DeadLetterPurgeDto,
  ): Promise<{ queue: string; purged: number }> {
    knownQueue(this.messaging, queue);
    const purged = await this.messaging.deadLetters.purge(queue, toDeadLetterSelector(body));
    this.audit.record(admin, { action: 'dead-letters.purge', queue, selection: AdminAudit.describe(body), count: purged });
    return { queue, purged };
  }
}
