import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { QueueName } from '@tenaz/contracts';
import { MessagingModule } from '@tenaz/messaging/nest';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { ServiceConfigModule } from './config/service-config.module';
import type { ServiceConfig } from './config/service-env';
import { ServiceDatabaseModule, ServiceDatabaseOptions } from './database/service-database.module';
import { HealthModule } from './health/health.module';
import { AppExceptionFilter } from './http/app-exception.filter';
import { SERVICE_ERROR_MAPPER, ServiceErrorMapper } from './http/service-errors';
import { ServiceHttpModule } from './http/service-http.module';
import { createValidationPipe, ValidationPipeOptions } from './http/validation-pipe';
import { LoggingModule } from './logging/logging.module';
import { ConsumedQueue, serviceMessagingOptions } from './messaging/service-messaging-options';
import { ServiceMetrics } from './metrics/service-metrics';
import { ServiceMetricsModule } from './metrics/service-metrics.module';

/** Everything a service tells {@link ServiceCoreModule} about itself. */
export interface ServiceCoreOptions<TConfig extends ServiceConfig> {
  config: TConfig;
  /** The service's own injection token of its configuration. */
  configToken: symbol | string;
  logger: Logger;
  metrics: Type<ServiceMetrics>;
  database: ServiceDatabaseOptions;
  /** The queue the service consumes; `enabled: false` makes an API-only process. */
  consumes: ConsumedQueue & { enabled: boolean };
  validation: ValidationPipeOptions;
  errors: ServiceErrorMapper;
}

/**
 * What both services are made of besides their domain: configuration, logging, metrics, the
 * database and its migrations, authentication and rate limits, the messaging library (inbox handlers share the
 * TypeORM transaction), health probes, the exception filter and the validation pipe. A service's
 * `AppModule` imports this and its own domain module.
 */
@Module({})
export class ServiceCoreModule {
  static forRoot<TConfig extends ServiceConfig>(options: ServiceCoreOptions<TConfig>): DynamicModule {
    const { config } = options;
    const queue: QueueName = options.consumes.queue;
    return {
      module: ServiceCoreModule,
      imports: [
        ServiceConfigModule.forRoot(options.configToken, config),
        LoggingModule.forRoot(options.logger),
        ServiceMetricsModule.forRoot(options.metrics),
        ServiceDatabaseModule.forRoot(options.database),
        ServiceHttpModule,
        MessagingModule.forRootAsync({
          inject: [DataSource, ServiceMetrics],
          useFactory: (dataSource: DataSource, metrics: ServiceMetrics) => ({
            messaging: serviceMessagingOptions(config, options.consumes, metrics.registry, options.logger),
            // The inbox record, the handler's writes and its outbox messages share one TypeORM transaction.
            inboxTransaction: (work) => dataSource.transaction((manager: EntityManager) => work(manager)),
            // false: an API-only process, scaled apart from the consuming ones.
            consume: options.consumes.enabled,
          }),
        }),
        HealthModule.forRoot({ queue }),
      ],
      providers: [
        { provide: SERVICE_ERROR_MAPPER, useValue: options.errors },
        { provide: APP_FILTER, useClass: AppExceptionFilter },
        { provide: APP_PIPE, useFactory: () => createValidationPipe(options.validation) },
      ],
    };
  }
}
