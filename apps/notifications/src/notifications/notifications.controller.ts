import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GetNotificationUsecase } from './get-notification/get-notification.usecase';
import { NotificationView } from './get-notification/notification.view';
import { idempotencyFrom } from './idempotency/idempotency-request';
import { SendNotificationBatchDto } from './send-notification/send-notification-batch.dto';
import { AcceptedBatch, SendNotificationBatchUsecase } from './send-notification/send-notification-batch.usecase';
import { SendNotificationDto } from './send-notification/send-notification.dto';
import { AcceptedNotification, SendNotificationUsecase } from './send-notification/send-notification.usecase';
import { ApiKeyGuard, batchCost, RateLimitCost, TenantId, TenantRateLimitGuard } from '@tenaz/service-kit';

/** The part of Express's response the controller uses. */
interface HeaderSetter {
  setHeader(name: string, value: string): unknown;
}

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Per tenant: a repeat with the same key and body answers the first result and creates nothing.',
};

/** REST for notifications. Thin: authentication, rate limit and validation happen before; use cases do the work. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing or unknown API key.' })
@ApiResponse({
  status: 429,
  description: 'The tenant is over its rate limit (a batch of N costs N), or the address over its budget of requests without a valid key.',
})
@UseGuards(ApiKeyGuard, TenantRateLimitGuard)
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly sendOne: SendNotificationUsecase,
    private readonly sendBatch: SendNotificationBatchUsecase,
    private readonly getOne: GetNotificationUsecase,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 202, description: 'Stored and queued: `{ id, status }`.' })
  @ApiResponse({ status: 400, description: 'Every problem of the request, named.' })
  @ApiResponse({ status: 413, description: 'The body is over the size limit.' })
  @ApiResponse({ status: 422, description: 'The Idempotency-Key was used for a different request.' })
  async send(
    @TenantId() tenantId: string,
    @Body() notification: SendNotificationDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() request: { body: unknown },
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<AcceptedNotification> {
    const answer = await this.sendOne.execute({
      tenantId,
      notification,
      idempotency: idempotencyFrom(key, 'POST /notifications', request.body),
    });
    markReplay(response, answer.replayed);
    return answer.body;
  }

  @Post('batch')
  @HttpCode(202)
  @RateLimitCost(batchCost('notifications'))
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 202, description: 'All stored and queued, in the request order: `{ notifications: [{ id, status }] }`.' })
  @ApiResponse({ status: 400, description: 'Every problem of every notification, named by index; nothing stored.' })
  async sendMany(
    @TenantId() tenantId: string,
    @Body() batch: SendNotificationBatchDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() request: { body: unknown },
    @Res({ passthrough: true }) response: HeaderSetter,
  ): Promise<AcceptedBatch> {
    const answer = await this.sendBatch.execute({
      tenantId,
      notifications: batch.notifications,
      idempotency: idempotencyFrom(key, 'POST /notifications/batch', request.body),
    });
    markReplay(response, answer.replayed);
    return answer.body;
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: NotificationView })
  @ApiResponse({ status: 404, description: 'No such notification for this tenant.' })
  @ApiResponse({ status: 400, description: 'The id is not a UUID.' })
  get(
    @TenantId() tenantId: string,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(['id: must be a UUID']) })) id: string,
  ): Promise<NotificationView> {
    return this.getOne.execute({ tenantId, id });
  }
}

/** A repeat answered from the idempotency store says so, as common APIs do. */
function markReplay(response: HeaderSetter, replayed: boolean): void {
  if (replayed) {
    response.setHeader('Idempotent-Replayed', 'true');
  }
}
