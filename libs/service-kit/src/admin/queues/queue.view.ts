import type { QueueHealth, ResolvedQueue } from '@tenaz/messaging';
import { SlaFigures, withSlaFigures } from './sla-figures';

/** A queue as the admin API shows it: its configuration beside `messaging.health(queue)` and its SLA state. */
export type QueueView = QueueHealth &
  SlaFigures & {
    retry: ResolvedQueue['retry'];
    leaseMs: number;
  };

export function toQueueView(queue: ResolvedQueue, health: QueueHealth, windowMs: number): QueueView {
  return { ...withSlaFigures(health, windowMs), retry: queue.retry, leaseMs: queue.leaseMs };
}
