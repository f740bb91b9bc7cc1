import { DynamicModule, Module } from '@nestjs/common';
import { NOTIFICATIONS_QUEUE } from '@tenaz/contracts';
import { AdminModule, ServiceCoreModule } from '@tenaz/service-kit';
import type { Logger } from 'pino';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from './config/notifications.config';
import { NOTIFICATIONS_SCHEMA } from './database/database.constants';
import { NotificationsMetrics } from './metrics/notifications.metrics';
import { NOTIFICATIONS_ERROR_MAPPER } from './notifications/errors';
import { IdempotencyKeyEntity } from './notifications/idempotency-key.entity';
import { NotificationAttemptEntity } from './notifications/notification-attempt.entity';
import { NotificationEntity } from './notifications/notification.entity';
import { NotificationsModule } from './notifications/notifications.module';

/**
 * The notifications service: what every service has (`ServiceCoreModule`: configuration, logs,
 * metrics, database, messaging, health, errors, validation) and its own notifications module.
 * Configuration and the root logger are built before Nest starts (`main.ts`, or a test), so a bad
 * environment fails before anything connects.
 */
@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          config,
          configToken: NOTIFICATIONS_CONFIG,
          logger,
          metrics: NotificationsMetrics,
          database: {
            schema: NOTIFICATIONS_SCHEMA,
            entities: [NotificationEntity, NotificationAttemptEntity, IdempotencyKeyEntity],
            sourceDirectory: __dirname,
            idleInTransactionMs: config.delivery.idleInTransactionMs,
          },
          consumes: {
            queue: NOTIFICATIONS_QUEUE,
            enabled: config.delivery.enabled,
            concurrency: config.delivery.concurrency,
            leaseMs: config.delivery.leaseMs,
            // A running delivery may wait for its provider for the whole timeout; shutdown waits that long plus 5 s.
            drainTimeoutMs: config.providerTimeoutMs + 5_000,
          },
          validation: { stopAtFirstError: false },
          errors: NOTIFICATIONS_ERROR_MAPPER,
        }),
        // The admin API (/admin/api) and the dashboard (/admin), behind ADMIN_API_KEYS.
        AdminModule.forRoot({ adminKeys: config.admin.keys, tenantKeys: config.apiKeys }),
        NotificationsModule,
      ],
    };
  }
}
