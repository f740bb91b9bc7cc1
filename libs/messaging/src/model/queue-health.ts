/** Numbers the transport can tell about a queue, over a window ending now. */
export interface TransportQueueStats {
  pending: number;
  processing: number;
  deadLettered: number;
  oldestPendingAgeMs: number;
  avgProcessingMs: number;
  p95EndToEndMs: number;
  failureRate: number;
}

/** A queue's health as `messaging.health(queue)` reports it. */
export interface QueueHealth extends TransportQueueStats {
  queue: string;
  transport: string;
  slaMs: number;
  /** True when nothing due has waited longer than the SLA and p95 end-to-end time is within it. */
  slaCompliant: boolean;
}

/**
 * Adds the SLA verdict to a transport's numbers. The customer's sketch compares average processing
 * time with the SLA; that hides a growing backlog, so the verdict also requires the oldest due
 * message and the p95 end-to-end time to be within the SLA. A queue with no traffic is compliant.
 */
export function toQueueHealth(queue: string, transport: string, slaMs: number, stats: TransportQueueStats): QueueHealth {
  return {
    queue,
    transport,
    ...stats,
    slaMs,
    slaCompliant: stats.oldestPendingAgeMs <= slaMs && stats.p95EndToEndMs <= slaMs && stats.avgProcessingMs <= slaMs,
  };
}
