import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { MessagingModule } from '@tenaz/messaging/nest';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { ConfigModule } from './config/config.module';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from './config/notifications.config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AppExceptionFilter } from './http/app-exception.filter';
import { createValidationPipe } from './http/validation-pipe';
import { messagingOptions } from './messaging/messaging-options';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsMetrics } from './metrics/notifications.metrics';
import { NotificationsModule } from './notifications/notifications.module';
import { AdminModule, APP_LOGGER, LoggingModule } from '@tenaz/service-kit';

/**
 * The notifications service. Configuration and the root logger are built before Nest starts
 * (`main.ts`, or a test), so a bad environment fails before anything connects.
 */
@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        MetricsModule,
        DatabaseModule,
        // Named 'default' so the 429 carries the standard Retry-After header (other names get a suffix).
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: config.rateLimit.windowMs, limit: config.rateLimit.requests }] }),
        MessagingModule.forRootAsync({
          inject: [DataSource, NOTIFICATIONS_CONFIG, NotificationsMetrics, APP_LOGGER],
          useFactory: (dataSource: DataSource, appConfig: NotificationsConfig, metrics: NotificationsMetrics, appLogger: Logger) => ({
            messaging: messagingOptions(appConfig, metrics.registry, appLogger),
            // The inbox record, the handler's writes and its outbox messages share one TypeORM transaction.
            inboxTransaction: (work) => dataSource.transaction((manager: EntityManager) => work(manager)),
            // DELIVERY_ENABLED=false: an API-only process, scaled apart from the delivery workers.
            consume: appConfig.delivery.enabled,
          }),
        }),
        HealthModule,
        // The admin API (/admin/api) and the dashboard (/admin), behind ADMIN_API_KEYS.
        AdminModule.forRoot({ adminKeys: config.admin.keys, tenantKeys: config.apiKeys }),
        NotificationsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AppExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
