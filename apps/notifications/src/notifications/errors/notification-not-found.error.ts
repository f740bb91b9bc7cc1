import { NotificationsError } from './notifications.error';

/** No notification with this id for the caller's tenant (HTTP 404; another tenant's id too). */
export class NotificationNotFoundError extends NotificationsError {
  readonly code = 'NOTIFICATION_NOT_FOUND' as const;

  constructor(readonly id: string) {
    super(`notification ${id} not found`);
  }
}
