import { Global, Module } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { TrackingMetrics } from './tracking.metrics';

/**
 * `/metrics`; {@link TrackingMetrics} is injectable everywhere. `configureApp` mounts
 * {@link HttpMetricsMiddleware} ahead of the body parser so rejected bodies are counted too.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [TrackingMetrics, HttpMetricsMiddleware],
  exports: [TrackingMetrics, HttpMetricsMiddleware],
})
export class MetricsModule {}
