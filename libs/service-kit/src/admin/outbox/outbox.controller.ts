import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Messaging } from '@tenaz/messaging';
import { InjectMessaging } from '@tenaz/messaging/nest';
import { AdminAudit } from '../admin-audit';
import { ADMIN_API_PREFIX } from '../admin.constants';
import { AdminKeyGuard } from '../http/admin-key.guard';
import { AdminName } from '../http/admin-name.decorator';
import { OutboxListQueryDto } from './outbox-list-query.dto';
import { OutboxRetryDto } from './outbox-retry.dto';

/** The transactional outbox: its backlog per queue, the rows that failed every relay attempt, their retry. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing or unknown admin key.' })
@ApiResponse({ status: 403, description: 'A tenant API key: not allowed here.' })
@UseGuards(AdminKeyGuard)
@Controller(`${ADMIN_API_PREFIX}/outbox`)
export class OutboxController {
  constructor(
    @InjectMessaging() private readonly messaging: Messaging,
    private readonly audit: AdminAudit,
  ) {}

  @Get()
  @ApiResponse({
    status: 200,
    description: '`{ backlog: { pending, failed, oldestPendingAgeMs, queues }, failed: { total, count, rows } }`.',
  })
  async show(@Query() query: OutboxListQueryDto) {
    const [backlog, rows] = await Promise.all([
      this.messaging.outbox.backlog(),
      this.messaging.outbox.listFailed({ limit: query.limit ?? 50, offset: query.offset ?? 0 }),
    ]);
    return {
      backlog,
      failed: { total: backlog.failed, count: rows.length, rows: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) },
    };
  }

  @Post('failed/retry')
  @HttpCode(200)
  @ApiResponse({ status: 200, description: '`{ retried }`: rows given a fresh set of relay attempts, due now.' })
  async retry(@AdminName() admin: string, @Body() body: OutboxRetryDto): Promise<{ retried: number }> {
    if ((body.ids === undefined) === (body.all === undefined)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['(body): exactly one of ids or all is required'] });
    }
    const retried = await this.messaging.outbox.retryFailed(body.ids ? { ids: body.ids } : {});
    this.audit.record(admin, { action: 'outbox.retry', selection: AdminAudit.describe(body), count: retried });
    return { retried };
  }
}
