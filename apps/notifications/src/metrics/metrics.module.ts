import { Global, Module } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { NotificationsMetrics } from './notifications.metrics';

/**
 * `/metrics`; {@link NotificationsMetrics} is injectable everywhere. `configureApp` mounts
 * {@link HttpMetricsMiddleware} ahead of the body parser so rejected bodies are counted too.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [NotificationsMetrics, HttpMetricsMiddleware],
  exports: [NotificationsMetrics, HttpMetricsMiddleware],
})
export class MetricsModule {}
