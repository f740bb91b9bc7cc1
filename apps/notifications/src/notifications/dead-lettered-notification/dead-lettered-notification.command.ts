import type { Message } from '@tenaz/messaging';

/** Mark dead the notification of a `notification.deliver` message the queue dead-lettered. */
export interface DeadLetteredNotificationCommand {
  message: Message;
  /** Why the queue gave up, and the last error. */
  deadLetter: { reason: string; error: string | null };
}
