import { Module } from '@nestjs/common';
import { ApplyTrackingEventUsecase } from './apply-tracking-event/apply-tracking-event.usecase';
import { GetShipmentUsecase } from './get-shipment/get-shipment.usecase';
import { RecordTrackingEventBatchUsecase } from './record-tracking-event/record-tracking-event-batch.usecase';
import { RecordTrackingEventUsecase } from './record-tracking-event/record-tracking-event.usecase';
import { TrackingEventRecordingService } from './recording/tracking-event-recording.service';
import { RegisterShipmentUsecase } from './register-shipment/register-shipment.usecase';
import { ShipmentRepository } from './shipment.repository';
import { ShipmentsController } from './shipments.controller';
import { TrackTraceQueueHandler } from './track-trace-queue.handler';
import { TrackingEventRepository } from './tracking-event.repository';
import { TrackingEventsController } from './tracking-events.controller';

/** Shipments, their tracking events over REST, and the `track_trace` projection that raises milestone notifications. */
@Module({
  controllers: [ShipmentsController, TrackingEventsController],
  providers: [
    ShipmentRepository,
    TrackingEventRepository,
    RegisterShipmentUsecase,
    TrackingEventRecordingService,
    RecordTrackingEventUsecase,
    RecordTrackingEventBatchUsecase,
    GetShipmentUsecase,
    ApplyTrackingEventUsecase,
    TrackTraceQueueHandler,
  ],
})
export class ShipmentsModule {}
