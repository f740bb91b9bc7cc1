import { Injectable } from '@nestjs/common';
import { TRACK_TRACE_QUEUE, TRACKING_EVENT_RECORDED } from '@tenaz/contracts';
import type { HandlerContext, Message, ProcessResult } from '@tenaz/messaging';
import { OnMessage } from '@tenaz/messaging/nest';
import { EntityManager } from 'typeorm';
import { ApplyTrackingEventUsecase } from './apply-tracking-event/apply-tracking-event.usecase';

/** The inbox consumer name of queue `track_trace` in this service. */
export const TRACKING_INBOX = 'tracking.projection';

/**
 * The one consumer of queue `track_trace` (the messaging module allows one per queue), dispatching
 * on the message type; every type runs in the inbox transaction. Concurrency and lease come from
 * the queue's options (`PROJECTION_CONCURRENCY`, `PROJECTION_LEASE_MS`).
 */
@Injectable()
export class TrackTraceQueueHandler {
  constructor(private readonly apply: ApplyTrackingEventUsecase) {}

  @OnMessage(TRACK_TRACE_QUEUE, { inbox: TRACKING_INBOX })
  handle(message: Message, context: HandlerContext<EntityManager>): Promise<ProcessResult> {
    switch (message.type) {
      case TRACKING_EVENT_RECORDED:
        return this.apply.execute({ message, transaction: inboxTransaction(context) });
      default:
        return Promise.resolve({ deadLetter: `unknown message type "${message.type}" on queue track_trace` });
    }
  }
}

/** The handler's TypeORM transaction: consumers with an `inbox` always run in one (`inboxTransaction` in `ServiceCoreModule`). */
function inboxTransaction(context: HandlerContext<EntityManager>): EntityManager {
  return context.transaction as EntityManager;
}
