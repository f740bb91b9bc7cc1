import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RecordTrackingEventBatchDto } from './record-tracking-event/record-tracking-event-batch.dto';
import { AcceptedEventBatch, RecordTrackingEventBatchUsecase } from './record-tracking-event/record-tracking-event-batch.usecase';
import { ApiKeyGuard, batchCost, RateLimitCost, TenantId, TenantRateLimitGuard } from '@tenaz/service-kit';

/** The batch form for carriers that post many events at once, of any of the tenant's shipments. */
@ApiTags('shipments')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing or unknown API key.' })
@ApiResponse({
  status: 429,
  description: 'The tenant is over its rate limit (a batch of N costs N), or the address over its budget of requests without a valid key.',
})
@UseGuards(ApiKeyGuard, TenantRateLimitGuard)
@Controller('events')
export class TrackingEventsController {
  constructor(private readonly recordBatch: RecordTrackingEventBatchUsecase) {}

  @Post('batch')
  @HttpCode(202)
  @RateLimitCost(batchCost('events'))
  @ApiResponse({
    status: 202,
    description: 'All stored and queued in one transaction, in request order: `{ events: [{ trackingNumber, eventId, duplicate }] }`.',
  })
  @ApiResponse({ status: 400, description: 'Every problem of every event, named by index (`events.3.status`); nothing stored.' })
  @ApiResponse({ status: 404, description: 'Some shipment is unknown to this tenant, each named by index; nothing stored.' })
  @ApiResponse({ status: 409, description: 'Some event id was already recorded with different content; nothing stored.' })
  @ApiResponse({ status: 413, description: 'The body is over the size limit.' })
  record(@TenantId() tenantId: string, @Body() batch: RecordTrackingEventBatchDto): Promise<AcceptedEventBatch> {
    return this.recordBatch.execute({ tenantId, events: batch.events });
  }
}
