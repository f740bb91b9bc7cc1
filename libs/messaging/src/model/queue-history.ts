import { latencyPercentiles, LatencyPercentiles, QueueDepth, QueueFigures } from './queue-health';

/** A queue's depth as one instance sampled it (see DepthSampler). */
export type QueueDepthSample = Pick<QueueDepth, 'pending' | 'processing' | 'deadLettered' | 'oldestPendingAgeMs'>;

/**
 * One bucket of `messaging.healthHistory(queue)`: what happened to the queue from `at` for one
 * bucket length, summed over every instance. The dashboard draws its charts from these and the
 * admin API answers them as they are, so the shape is the one an operator reads, not the raw
 * counters: latencies come as percentiles of the bucket's own histogram.
 */
export interface QueueHistoryBucket {
  /** The bucket's start. */
  at: Date;
  /** Messages stored (committed, confirmed, or written in a caller's transaction). */
  published: number;
  /** Attempts that succeeded. */
  completed: number;
  /** Attempts that failed: retried or dead-lettered. */
  failed: number;
  /** Messages parked in the dead letters. */
  deadLettered: number;
  /** From hand-over to the handler until its outcome, completed attempts; zeros when none. */
  processingMs: LatencyPercentiles;
  /** From due to completion, completed messages; zeros when none. */
  endToEndMs: LatencyPercentiles;
  /** The queue's depth at the latest sample taken in the bucket; null when no instance sampled it then. */
  depth: QueueDepthSample | null;
}

/** A history bucket from its start, the figures gathered in it and its latest depth sample. */
export function queueHistoryBucket(at: Date, figures: QueueFigures, depth: QueueDepthSample | null): QueueHistoryBucket {
  return {
    at,
    published: figures.published,
    completed: figures.completed,
    failed: figures.failedAttempts,
    deadLettered: figures.deadLettered,
    processingMs: latencyPercentiles(figures.processingHistogram),
    endToEndMs: latencyPercentiles(figures.endToEndHistogram),
    depth,
  };
}
