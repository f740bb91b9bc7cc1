import type { QueueHealth, ResolvedQueue } from '@tenaz/messaging';

/** A queue as the admin API shows it: `messaging.health(queue)` (figures and SLA state) beside its configuration. */
export type QueueView = QueueHealth & {
  retry: ResolvedQueue['retry'];
  leaseMs: number;
};

export function toQueueView(queue: ResolvedQueue, health: QueueHealth): QueueView {
  return { ...health, retry: queue.retry, leaseMs: queue.leaseMs };
}
