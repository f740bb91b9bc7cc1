import { DynamicModule, Module } from '@nestjs/common';
import { TRACK_TRACE_QUEUE } from '@tenaz/contracts';
import { AdminModule, ServiceCoreModule } from '@tenaz/service-kit';
import type { Logger } from 'pino';
import { TRACKING_CONFIG, TRACKING_IDLE_IN_TRANSACTION_MS, TrackingConfig } from './config/tracking.config';
import { TRACKING_SCHEMA } from './database/database.constants';
import { TrackingMetrics } from './metrics/tracking.metrics';
import { TRACKING_ERROR_MAPPER } from './shipments/errors';
import { MilestoneNotificationEntity } from './shipments/milestone-notification.entity';
import { ShipmentEntity } from './shipments/shipment.entity';
import { ShipmentsModule } from './shipments/shipments.module';
import { TrackingEventEntity } from './shipments/tracking-event.entity';

/**
 * The track & trace service: what every service has (`ServiceCoreModule`: configuration, logs,
 * metrics, database, messaging, health, errors, validation) and its own shipments module.
 * Configuration and the root logger are built before Nest starts (`main.ts`, or a test), so a bad
 * environment fails before anything connects.
 */
@Module({})
export class AppModule {
  static forRoot(config: TrackingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          config,
          configToken: TRACKING_CONFIG,
          logger,
          metrics: TrackingMetrics,
          database: {
            schema: TRACKING_SCHEMA,
            entities: [ShipmentEntity, TrackingEventEntity, MilestoneNotificationEntity],
            sourceDirectory: __dirname,
            idleInTransactionMs: TRACKING_IDLE_IN_TRANSACTION_MS,
          },
          consumes: {
            queue: TRACK_TRACE_QUEUE,
            enabled: config.projection.enabled,
            concurrency: config.projection.concurrency,
            leaseMs: config.projection.leaseMs,
          },
          // One problem per field: a missing field is "is required", not also "must be a string" and "must match".
          validation: { stopAtFirstError: true },
          errors: TRACKING_ERROR_MAPPER,
        }),
        // The admin API (/admin/api) and the dashboard (/admin), behind ADMIN_API_KEYS.
        AdminModule.forRoot({ adminKeys: config.admin.keys, tenantKeys: config.apiKeys }),
        ShipmentsModule,
      ],
    };
  }
}
