import { Inject, Injectable } from '@nestjs/common';
import { TRACKING_CONFIG, TrackingConfig } from '../../config/tracking.config';
import { BatchTooLargeError } from '../errors';
import { AcceptedEvent, TrackingEventRecordingService } from '../recording/tracking-event-recording.service';
import { RecordTrackingEventBatchCommand } from './record-tracking-event-batch.command';

/** The 202 body of `POST /events/batch`. */
export interface AcceptedEventBatch {
  events: AcceptedEvent[];
}

/** Accepts a batch of up to `BATCH_MAX_SIZE` events, all or none; problems are named by index (`events.3`). */
@Injectable()
export class RecordTrackingEventBatchUsecase {
  constructor(
    private readonly recording: TrackingEventRecordingService,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  async execute(command: RecordTrackingEventBatchCommand): Promise<AcceptedEventBatch> {
    if (command.events.length > this.config.batchMaxSize) {
      throw new BatchTooLargeError(this.config.batchMaxSize, command.events.length);
    }
    const items = command.events.map(({ trackingNumber, ...event }, index) => ({ trackingNumber, event, path: `events.${index}` }));
    return { events: await this.recording.record(command.tenantId, items) };
  }
}
