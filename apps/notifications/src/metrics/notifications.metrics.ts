import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@tenaz/service-kit';
import { Counter, Histogram } from 'prom-client';

/** Latency buckets in seconds, 5 ms to 10 minutes: dense under the 30 s SLA, up to the 10 min retry cap. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** Outcomes counted per delivery attempt (`skipped`: a redelivery of an already sent notification). */
export type DeliveryOutcome = 'sent' | 'failed' | 'dead' | 'skipped';

/** The service's Prometheus series beyond the HTTP ones every service has (`ServiceMetrics`). */
@Injectable()
export class NotificationsMetrics extends ServiceMetrics {
  readonly accepted = new Counter({
    name: 'notifications_accepted_total',
    help: 'Notifications stored and queued, by channel and origin (api or queue).',
    labelNames: ['channel', 'origin'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'notifications_deliveries_total',
    help: 'Delivery attempts by channel and outcome (sent, failed = will retry, dead, skipped = already sent).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly endToEnd = new Histogram({
    name: 'notifications_end_to_end_seconds',
    help: 'From a notification being accepted to its provider accepting it, by channel.',
    labelNames: ['channel'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly providerDuration = new Histogram({
    name: 'notifications_provider_call_seconds',
    help: 'Duration of one provider call, by channel and provider.',
    labelNames: ['channel', 'provider'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    super('notifications');
  }

  /** Counts one finished delivery attempt; a sent one also records its end-to-end latency. */
  delivered(channel: string, outcome: DeliveryOutcome, acceptedAt?: Date): void {
    this.deliveries.inc({ channel, outcome });
    if (outcome === 'sent' && acceptedAt) {
      this.endToEnd.observe({ channel }, (Date.now() - acceptedAt.getTime()) / 1_000);
    }
  }
}
