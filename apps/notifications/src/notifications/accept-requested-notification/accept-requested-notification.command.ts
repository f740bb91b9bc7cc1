import type { Message } from '@tenaz/messaging';
import type { EntityManager } from 'typeorm';

/** Store the notification a `notification.requested` message asks for, in the handler's inbox transaction. */
export interface AcceptRequestedNotificationCommand {
  message: Message;
  transaction: EntityManager;
}
