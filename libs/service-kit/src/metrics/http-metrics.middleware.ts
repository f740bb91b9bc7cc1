import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceMetrics } from './service-metrics';

/** What Express adds to a request once a route matched. */
interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * Counts every answered request, 401s, 413s and 429s included (guards and the body parser answer
 * before interceptors would run). Routes are labelled by their pattern, so ids never become labels.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ServiceMetrics) {}

  use(request: RoutedRequest, response: ServerResponse, next: () => void): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const route = request.route?.path ? `${request.baseUrl ?? ''}${String(request.route.path)}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = request.method ?? 'UNKNOWN';
      this.metrics.httpRequests.inc({ method, route, status: String(response.statusCode) });
      this.metrics.httpDuration.observe({ method, route }, seconds);
    });
    next();
  }
}
