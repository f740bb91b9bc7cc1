import { Injectable } from '@nestjs/common';
import { AcceptedEvent, TrackingEventRecordingService } from '../recording/tracking-event-recording.service';
import { RecordTrackingEventCommand } from './record-tracking-event.command';

/** Accepts one event: stored and queued in one transaction (a repeat answers `duplicate: true`). */
@Injectable()
export class RecordTrackingEventUsecase {
  constructor(private readonly recording: TrackingEventRecordingService) {}

  async execute(command: RecordTrackingEventCommand): Promise<AcceptedEvent> {
    const [accepted] = await this.recording.record(command.tenantId, [{ trackingNumber: command.trackingNumber, event: command.event }]);
    return accepted;
  }
}
