import type { Message } from '@tenaz/messaging';
import type { EntityManager } from 'typeorm';

/** Apply the event a `tracking.event.recorded` message names, in the handler's inbox transaction. */
export interface ApplyTrackingEventCommand {
  message: Message;
  transaction: EntityManager;
}
