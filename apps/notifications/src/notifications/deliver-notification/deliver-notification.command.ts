import type { Message } from '@tenaz/messaging';
import type { EntityManager } from 'typeorm';

/** Deliver the notification a `notification.deliver` message names, in the handler's inbox transaction. */
export interface DeliverNotificationCommand {
  message: Message;
  transaction: EntityManager;
  /** Aborts when the service stops and its drain time is over (passed to the provider call). */
  signal: AbortSignal;
}
