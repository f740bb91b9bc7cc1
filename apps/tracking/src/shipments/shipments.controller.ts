import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { TrackingNumberPipe } from '../http/tracking-number.pipe';
import { GetShipmentUsecase } from './get-shipment/get-shipment.usecase';
import { ShipmentView } from './get-shipment/shipment.view';
import { RecordTrackingEventDto } from './record-tracking-event/record-tracking-event.dto';
import { RecordTrackingEventUsecase } from './record-tracking-event/record-tracking-event.usecase';
import type { AcceptedEvent } from './recording/tracking-event-recording.service';
import { RegisterShipmentDto } from './register-shipment/register-shipment.dto';
import { RegisteredShipment, RegisterShipmentUsecase } from './register-shipment/register-shipment.usecase';
import { ApiKeyGuard, TenantId, TenantRateLimitGuard } from '@tenaz/service-kit';

const TRACKING_NUMBER_PARAM = { name: 'trackingNumber', example: 'TN-2025-0001', description: '1-64 letters, digits, "-" or "_".' };

/** REST for shipments and their events. Thin: authentication, rate limit and validation happen before; use cases do the work. */
@ApiTags('shipments')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing or unknown API key.' })
@ApiResponse({
  status: 429,
  description: 'The tenant is over its rate limit, or the address over its budget of requests without a valid key.',
})
@UseGuards(ApiKeyGuard, TenantRateLimitGuard)
@Controller('shipments')
export class ShipmentsController {
  constructor(
    private readonly register: RegisterShipmentUsecase,
    private readonly record: RecordTrackingEventUsecase,
    private readonly getOne: GetShipmentUsecase,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiResponse({ status: 201, description: 'Registered: the shipment with its correlation id.' })
  @ApiResponse({ status: 400, description: 'Every problem of the request, named.' })
  @ApiResponse({ status: 409, description: 'The tenant already registered this tracking number.' })
  registerShipment(@TenantId() tenantId: string, @Body() shipment: RegisterShipmentDto): Promise<RegisteredShipment> {
    return this.register.execute({ tenantId, shipment });
  }

  @Post(':trackingNumber/events')
  @HttpCode(202)
  @ApiParam(TRACKING_NUMBER_PARAM)
  @ApiResponse({ status: 202, description: 'Stored and queued in one transaction: `{ trackingNumber, eventId, duplicate }`.' })
  @ApiResponse({ status: 400, description: 'Every problem of the event, named; nothing stored.' })
  @ApiResponse({ status: 404, description: 'No such shipment for this tenant; nothing stored.' })
  @ApiResponse({ status: 409, description: 'The event id was already recorded with different content.' })
  @ApiResponse({ status: 413, description: 'The body is over the size limit.' })
  async recordEvent(
    @TenantId() tenantId: string,
    @Param('trackingNumber', TrackingNumberPipe) trackingNumber: string,
    @Body() event: RecordTrackingEventDto,
  ): Promise<AcceptedEvent> {
    return this.record.execute({ tenantId, trackingNumber, event });
  }

  @Get(':trackingNumber')
  @ApiParam(TRACKING_NUMBER_PARAM)
  @ApiResponse({ status: 200, type: ShipmentView })
  @ApiResponse({ status: 404, description: 'No such shipment for this tenant.' })
  get(@TenantId() tenantId: string, @Param('trackingNumber', TrackingNumberPipe) trackingNumber: string): Promise<ShipmentView> {
    return this.getOne.execute({ tenantId, trackingNumber });
  }
}
