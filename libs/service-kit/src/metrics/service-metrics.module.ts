import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { ServiceMetrics } from './service-metrics';

/**
 * `/metrics`; the service's metrics class is injectable everywhere, by its own class and as
 * {@link ServiceMetrics}. `configureServiceApp` mounts {@link HttpMetricsMiddleware} ahead of the
 * body parser so rejected bodies are counted too.
 */
@Global()
@Module({})
export class ServiceMetricsModule {
  static forRoot(metrics: Type<ServiceMetrics>): DynamicModule {
    return {
      module: ServiceMetricsModule,
      controllers: [MetricsController],
      providers: [metrics, { provide: ServiceMetrics, useExisting: metrics }, HttpMetricsMiddleware],
      exports: [metrics, ServiceMetrics, HttpMetricsMiddleware],
    };
  }
}
