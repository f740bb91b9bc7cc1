import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** HTTP latency buckets in seconds, 1 ms to 5 s. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The Prometheus series every service has, on a registry of its own that the messaging library
 * shares (its `tenaz_*` series appear on the same `/metrics`): `<prefix>_http_requests_total` and
 * `<prefix>_http_request_duration_seconds`, plus Node's defaults. Each service extends it with its
 * own series, registered on {@link registry}.
 */
export abstract class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;

  protected constructor(prefix: string) {
    this.httpRequests = new Counter({
      name: `${prefix}_http_requests_total`,
      help: 'HTTP requests answered, by method, route and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: `${prefix}_http_request_duration_seconds`,
      help: 'Time to answer an HTTP request, by method and route.',
      labelNames: ['method', 'route'] as const,
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    collectDefaultMetrics({ register: this.registry });
  }
}
