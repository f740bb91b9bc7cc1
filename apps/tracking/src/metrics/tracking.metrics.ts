import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@tenaz/service-kit';
import { Counter, Histogram } from 'prom-client';

/** Seconds, 5 ms to 2 minutes: dense under the 10 s SLA, up to the retry policy's 2 min cap. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** What applying an event did: `advanced` the status, landed as `history` only, or was `skipped` (already applied). */
export type ApplyEffect = 'advanced' | 'history' | 'skipped';

/** The service's Prometheus series beyond the HTTP ones every service has (`ServiceMetrics`). */
@Injectable()
export class TrackingMetrics extends ServiceMetrics {
  readonly eventsAccepted = new Counter({
    name: 'tracking_events_accepted_total',
    help: 'Tracking events accepted by the API, by outcome (new = stored and queued, duplicate = already stored).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly eventsApplied = new Counter({
    name: 'tracking_events_applied_total',
    help: 'Tracking events handled by the projection, by status and effect (advanced, history, skipped).',
    labelNames: ['status', 'effect'] as const,
    registers: [this.registry],
  });

  readonly acceptedToTimeline = new Histogram({
    name: 'tracking_accepted_to_timeline_seconds',
    help: 'From an event being accepted (202) to it showing in the timeline.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly notificationsRequested = new Counter({
    name: 'tracking_notifications_requested_total',
    help: 'notification.requested messages raised for subscribed milestones, by milestone and channel.',
    labelNames: ['milestone', 'channel'] as const,
    registers: [this.registry],
  });

  constructor() {
    super('tracking');
  }
}
