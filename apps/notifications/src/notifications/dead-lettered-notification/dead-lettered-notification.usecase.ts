import { Inject, Injectable } from '@nestjs/common';
import { notificationDeliverSchema } from '@tenaz/contracts';
import { APP_LOGGER } from '@tenaz/service-kit';
import type { Logger } from 'pino';
import { NotificationsMetrics } from '../../metrics/notifications.metrics';
import { NotificationRepository } from '../notification.repository';
import { DeadLetteredNotificationCommand } from './dead-lettered-notification.command';

/**
 * The queue dead-lettered a `notification.deliver` message. Most dead letters were decided by
 * `DeliverNotificationUsecase`, which already marked the notification dead; this covers those the
 * library decided without running it (consumers that crashed on the message until its attempts
 * were used up), which would otherwise leave the notification `sending` for ever.
 */
@Injectable()
export class DeadLetteredNotificationUsecase {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly metrics: NotificationsMetrics,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: DeadLetteredNotificationCommand): Promise<void> {
    const { message, deadLetter } = command;
    const parsed = notificationDeliverSchema.safeParse(message.payload);
    if (!parsed.success) {
      return;
    }
    const reason = deadLetter.error ? `${deadLetter.reason}: ${deadLetter.error}` : deadLetter.reason;
    const channel = await this.notifications.markDeadLettered(parsed.data.notificationId, `dead-lettered by the queue (${reason})`);
    if (channel) {
      this.metrics.delivered(channel, 'dead');
      this.logger.warn(
        { notificationId: parsed.data.notificationId, channel, reason: deadLetter.reason },
        'the queue dead-lettered the delivery; notification marked dead',
      );
    }
  }
}
