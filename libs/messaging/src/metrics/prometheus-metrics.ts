import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TransportName } from '../model/messaging-options';
import type { QueueHealth } from '../model/queue-health';
import type { Settlement } from '../transport/transport.interface';
import type { MessagingMetrics } from './messaging-metrics';

type PromClient = typeof import('prom-client');

/** Latency buckets in seconds: 1 ms to 10 minutes, dense where the SLAs (10 s, 30 s) sit. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * Prometheus series for the library, registered on the caller's prom-client registry:
 * published, delivered, retried and dead-lettered counters, end-to-end and processing histograms
 * per queue and transport, and queue depth, oldest-message age and SLA gauges read at scrape time.
 */
export function createPrometheusMetrics(
  registry: Registry,
  queues: ReadonlyMap<string, TransportName>,
  health: (queue: string) => Promise<QueueHealth>,
): MessagingMetrics {
  // prom-client is an optional peer: loaded only when a registry is given.
  const prom = require('prom-client') as PromClient;
  const labelNames = ['queue', 'transport'] as const;

  const counter = (name: string, help: string): Counter<'queue' | 'transport'> =>
    (registry.getSingleMetric(name) as Counter<'queue' | 'transport'> | undefined) ??
    new prom.Counter({ name, help, labelNames, registers: [registry] });
  const histogram = (name: string, help: string): Histogram<'queue' | 'transport'> =>
    (registry.getSingleMetric(name) as Histogram<'queue' | 'transport'> | undefined) ??
    new prom.Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });
  const gauge = (name: string, help: string, read: (health: QueueHealth) => number): void => {
    if (registry.getSingleMetric(name)) {
      return;
    }
    new prom.Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect(this: Gauge<'queue' | 'transport'>) {
        for (const [queue, transport] of queues) {
          try {
            this.set({ queue, transport }, read(await health(queue)));
          } catch {
            // A scrape must not fail because one queue's store is down; readiness reports that.
          }
        }
      },
    });
  };

  const published = counter('tenaz_messages_published_total', 'Messages stored durably by publish, publishMany or publishTransactional.');
  const outcomes: Record<Settlement['kind'], Counter<'queue' | 'transport'>> = {
    ack: counter('tenaz_messages_delivered_total', 'Messages whose handler succeeded and that were acknowledged.'),
    retry: counter('tenaz_messages_retried_total', 'Failed attempts rescheduled for a retry.'),
    'dead-letter': counter('tenaz_messages_dead_lettered_total', 'Messages parked as dead letters.'),
    release: counter('tenaz_messages_released_total', 'Buffered messages given back unstarted when a consumer stopped.'),
  };
  const endToEnd = histogram('tenaz_message_end_to_end_seconds', 'From when a message became due to its acknowledgement.');
  const processing = histogram('tenaz_message_processing_seconds', 'Handler run time of an attempt.');
  gauge('tenaz_queue_pending_messages', 'Messages due and waiting to be claimed.', (h) => h.pending);
  gauge('tenaz_queue_processing_messages', 'Messages held by consumers.', (h) => h.processing);
  gauge('tenaz_queue_dead_lettered_messages', 'Dead letters waiting for replay or purge.', (h) => h.deadLettered);
  gauge(
    'tenaz_queue_oldest_pending_age_seconds',
    'Age of the oldest due message, from when it became due.',
    (h) => h.oldestPendingAgeMs / 1_000,
  );
  gauge('tenaz_queue_publish_blocked', '1 while the broker blocks publishing to the queue (a RabbitMQ resource alarm), else 0.', (h) =>
    h.publishBlocked ? 1 : 0,
  );
  gauge('tenaz_queue_sla_compliant', '1 when the queue meets its SLA, else 0.', (h) => (h.slaCompliant ? 1 : 0));

  return {
    published(queue, transport, count) {
      published.inc({ queue, transport }, count);
    },
    settled(queue, transport, kind, timings) {
      outcomes[kind].inc({ queue, transport });
      if (kind === 'release') {
        return;
      }
      processing.observe({ queue, transport }, timings.processingMs / 1_000);
      if (kind === 'ack') {
        endToEnd.observe({ queue, transport }, timings.endToEndMs / 1_000);
      }
    },
  };
}
