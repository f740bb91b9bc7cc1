import type { QueueName } from '@tenaz/contracts';

/** Injection token of {@link HealthOptions}. */
export const HEALTH_OPTIONS = 'tenaz:health-options';

/** What the health endpoints look at. */
export interface HealthOptions {
  /** The queue this service consumes: its SLA is the one reported. */
  queue: QueueName;
}
