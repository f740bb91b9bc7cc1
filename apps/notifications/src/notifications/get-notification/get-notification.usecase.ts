import { Injectable } from '@nestjs/common';
import { NotificationNotFoundError } from '../errors';
import { NotificationRepository } from '../notification.repository';
import { GetNotificationCommand } from './get-notification.command';
import { NotificationView } from './notification.view';

/** A tenant's notification with its attempts; another tenant's id is not found. */
@Injectable()
export class GetNotificationUsecase {
  constructor(private readonly notifications: NotificationRepository) {}

  async execute(command: GetNotificationCommand): Promise<NotificationView> {
    const { tenantId, id } = command;
    const notification = await this.notifications.findForTenant(id, tenantId);
    if (!notification) {
      throw new NotificationNotFoundError(id);
    }
    return NotificationView.of(notification);
  }
}
