import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { MessagingModule } from '@tenaz/messaging/nest';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { ConfigModule } from './config/config.module';
import { TRACKING_CONFIG, TrackingConfig } from './config/tracking.config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AppExceptionFilter } from './http/app-exception.filter';
import { createValidationPipe } from './http/validation-pipe';
import { messagingOptions } from './messaging/messaging-options';
import { MetricsModule } from './metrics/metrics.module';
import { TrackingMetrics } from './metrics/tracking.metrics';
import { ShipmentsModule } from './shipments/shipments.module';
import { AdminModule, APP_LOGGER, LoggingModule } from '@tenaz/service-kit';

/**
 * The track & trace service. Configuration and the root logger are built before Nest starts
 * (`main.ts`, or a test), so a bad environment fails before anything connects.
 */
@Module({})
export class AppModule {
  static forRoot(config: TrackingConfig, logger: Logger): DynamicModule {
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
          inject: [DataSource, TRACKING_CONFIG, TrackingMetrics, APP_LOGGER],
          useFactory: (dataSource: DataSource, appConfig: TrackingConfig, metrics: TrackingMetrics, appLogger: Logger) => ({
            messaging: messagingOptions(appConfig, metrics.registry, appLogger),
            // PROJECTION_ENABLED=false: an API-only process, scaled apart from the projection workers.
            consume: appConfig.projection.enabled,
            // The inbox record, the projection's writes and its notification requests share one TypeORM transaction.
            inboxTransaction: (work) => dataSource.transaction((manager: EntityManager) => work(manager)),
          }),
        }),
        HealthModule,
        // The admin API (/admin/api) and the dashboard (/admin), behind ADMIN_API_KEYS.
        AdminModule.forRoot({ adminKeys: config.admin.keys, tenantKeys: config.apiKeys }),
        ShipmentsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AppExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
