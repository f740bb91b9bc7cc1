import { NotImplementedException } from '@nestjs/common';
import type { Messaging, QueueHealth } from '@tenaz/messaging';

/**
 * The SLA figures `messaging.health(queue)` and `messaging.healthHistory(queue)` are gaining on
 * both transports (state with its reason, throughput, percentiles; per-bucket history). Until a
 * library without them is gone, the admin API reads them when present and otherwise answers with
 * what `health()` has today, so the dashboard and CLI work against either.
 */
export interface SlaFigures {
  windowMs: number;
  state: 'ok' | 'breaching' | 'stuck' | 'idle';
  reason: string;
  throughput: { publishedPerSecond: number; completedPerSecond: number };
  processingMs: { p50: number; p95: number; p99: number };
  endToEndMs: { p50: number; p95: number; p99: number };
}

/** One bucket of `healthHistory`. */
export interface HistoryBucket {
  at: Date;
  published: number;
  completed: number;
  failed: number;
  deadLettered: number;
  endToEndMs: { p50: number; p95: number; p99: number };
  processingMs: { p50: number; p95: number; p99: number };
}

type WithHistory = Messaging & { healthHistory?: (queue: string, options: { windowMs: number; bucketMs: number }) => Promise<HistoryBucket[]> };

/** `health` with the SLA figures, from the library when it has them. */
export function withSlaFigures(health: QueueHealth, windowMs: number): QueueHealth & SlaFigures {
  const given = health as QueueHealth & Partial<SlaFigures>;
  if (given.state !== undefined && given.reason !== undefined && given.throughput && given.processingMs && given.endToEndMs) {
    return given as QueueHealth & SlaFigures;
  }
  const idle = health.pending === 0 && health.processing === 0 && health.p95EndToEndMs === 0;
  const waited = health.oldestPendingAgeMs > health.slaMs;
  return {
    ...health,
    windowMs,
    state: health.slaCompliant ? (idle ? 'idle' : 'ok') : 'breaching',
    reason: health.slaCompliant
      ? idle
        ? 'no traffic'
        : `p95 end-to-end ${Math.round(health.p95EndToEndMs)} ms (SLA ${health.slaMs / 1_000} s)`
      : waited
        ? `oldest message waited ${Math.round(health.oldestPendingAgeMs / 1_000)} s (SLA ${health.slaMs / 1_000} s)`
        : `p95 end-to-end ${Math.round(health.p95EndToEndMs)} ms is over the SLA of ${health.slaMs / 1_000} s`,
    throughput: { publishedPerSecond: 0, completedPerSecond: 0 },
    processingMs: { p50: health.avgProcessingMs, p95: health.avgProcessingMs, p99: health.avgProcessingMs },
    endToEndMs: { p50: health.p95EndToEndMs, p95: health.p95EndToEndMs, p99: health.p95EndToEndMs },
  };
}

/** `healthHistory`, or a 501 naming what is missing. */
export async function healthHistory(messaging: Messaging, queue: string, options: { windowMs: number; bucketMs: number }): Promise<HistoryBucket[]> {
  const history = (messaging as WithHistory).healthHistory;
  if (!history) {
    throw new NotImplementedException('queue history needs a @tenaz/messaging with healthHistory()');
  }
  return history.call(messaging, queue, options);
}
