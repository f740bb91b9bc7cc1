import type { TransportName } from '../model/messaging-options';
import type { Settlement } from '../transport/transport.interface';

/** What the library reports as it works; `createPrometheusMetrics` turns it into Prometheus series. */
export interface MessagingMetrics {
  published(queue: string, transport: TransportName, count: number): void;
  settled(queue: string, transport: TransportName, kind: Settlement['kind'], timings: { processingMs: number; endToEndMs: number }): void;
}

/** Reports nothing: the default when no metrics registry is given. */
export const NO_METRICS: MessagingMetrics = {
  published: () => undefined,
  settled: () => undefined,
};
