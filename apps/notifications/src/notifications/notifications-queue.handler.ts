import { Injectable } from '@nestjs/common';
import { NOTIFICATION_DELIVER, NOTIFICATION_REQUESTED, NOTIFICATIONS_QUEUE } from '@tenaz/contracts';
import type { HandlerContext, Message, ProcessResult } from '@tenaz/messaging';
import { OnDeadLetter, OnMessage } from '@tenaz/messaging/nest';
import { EntityManager } from 'typeorm';
import { AcceptRequestedNotificationUsecase } from './accept-requested-notification/accept-requested-notification.usecase';
import { DeadLetteredNotificationUsecase } from './dead-lettered-notification/dead-lettered-notification.usecase';
import { DeliverNotificationUsecase } from './deliver-notification/deliver-notification.usecase';

/** The inbox consumer name of queue `notifications` in this service. */
export const NOTIFICATIONS_INBOX = 'notifications';

/**
 * The one consumer of queue `notifications` in this service (the messaging module allows one per
 * queue), dispatching on the message type. Both types run in the inbox transaction. Told of every
 * dead letter too, so a delivery the queue gave up on never leaves its notification `sending`.
 */
@Injectable()
export class NotificationsQueueHandler {
  constructor(
    private readonly deliver: DeliverNotificationUsecase,
    private readonly acceptRequested: AcceptRequestedNotificationUsecase,
    private readonly deadLettered: DeadLetteredNotificationUsecase,
  ) {}

  @OnMessage(NOTIFICATIONS_QUEUE, { inbox: NOTIFICATIONS_INBOX })
  handle(message: Message, context: HandlerContext<EntityManager>): Promise<ProcessResult> {
    switch (message.type) {
      case NOTIFICATION_DELIVER:
        return this.deliver.execute({ message, transaction: inboxTransaction(context), signal: context.signal });
      case NOTIFICATION_REQUESTED:
        return this.acceptRequested.execute({ message, transaction: inboxTransaction(context) });
      default:
        return Promise.resolve({ deadLetter: `unknown message type "${message.type}" on queue notifications` });
    }
  }

  @OnDeadLetter(NOTIFICATIONS_QUEUE)
  async onDeadLetter(message: Message, deadLetter: { reason: string; error: string | null }): Promise<void> {
    if (message.type === NOTIFICATION_DELIVER) {
      await this.deadLettered.execute({ message, deadLetter });
    }
  }
}

/** The handler's TypeORM transaction: consumers with an `inbox` always run in one (`inboxTransaction` in `ServiceCoreModule`). */
function inboxTransaction(context: HandlerContext<EntityManager>): EntityManager {
  return context.transaction as EntityManager;
}
