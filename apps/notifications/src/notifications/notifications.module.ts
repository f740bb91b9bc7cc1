import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../config/notifications.config';
import { AcceptRequestedNotificationUsecase } from './accept-requested-notification/accept-requested-notification.usecase';
import { CHANNEL_PROVIDERS, ChannelProviders } from './channels/channel-providers';
import { DeadLetteredNotificationUsecase } from './dead-lettered-notification/dead-lettered-notification.usecase';
import { DeliverNotificationUsecase } from './deliver-notification/deliver-notification.usecase';
import { GetNotificationUsecase } from './get-notification/get-notification.usecase';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { NotificationRepository } from './notification.repository';
import { NotificationsQueueHandler } from './notifications-queue.handler';
import { NotificationsController } from './notifications.controller';
import { IdempotencyKeyCleaner } from './idempotency/idempotency-key-cleaner.service';
import { NotificationIntake } from './intake/notification-intake.service';
import { NotificationQueueingService } from './queueing/notification-queueing.service';
import { SendNotificationBatchUsecase } from './send-notification/send-notification-batch.usecase';
import { SendNotificationUsecase } from './send-notification/send-notification.usecase';
import { APP_LOGGER } from '@tenaz/service-kit';

/** Accepting notifications (REST and `notification.requested`) and delivering them through channel providers. */
@Module({
  controllers: [NotificationsController],
  providers: [
    {
      provide: CHANNEL_PROVIDERS,
      inject: [NOTIFICATIONS_CONFIG, APP_LOGGER],
      useFactory: (config: NotificationsConfig, logger: Logger) => ChannelProviders.fromConfig(config, logger),
    },
    NotificationRepository,
    IdempotencyKeyRepository,
    IdempotencyKeyCleaner,
    NotificationQueueingService,
    NotificationIntake,
    SendNotificationUsecase,
    SendNotificationBatchUsecase,
    GetNotificationUsecase,
    DeliverNotificationUsecase,
    DeadLetteredNotificationUsecase,
    AcceptRequestedNotificationUsecase,
    NotificationsQueueHandler,
  ],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(CHANNEL_PROVIDERS) private readonly providers: ChannelProviders) {}

  /** Pooled SMTP connections close after the consumers drained (in `beforeApplicationShutdown`). */
  async onApplicationShutdown(): Promise<void> {
    await this.providers.close();
  }
}
