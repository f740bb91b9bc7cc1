/**
 * The queues both services configure, with the customer's SLAs and retry policies
 * (seed: "Configuración de Retry Patterns" and "SLA por queue"). Both services must agree: the
 * publisher stamps priority, the consumer applies the retry policy. Structurally typed so this
 * library depends only on zod and the messaging library's deterministic ids.
 */
export const QUEUES = {
  notifications: {
    slaMs: 30_000,
    retry: { backoff: 'exponential', maxRetries: 5, baseDelayMs: 1_000, maxDelayMs: 600_000 },
  },
  track_trace: {
    slaMs: 10_000,
    retry: { backoff: 'linear', maxRetries: 10, baseDelayMs: 500, maxDelayMs: 120_000 },
  },
} as const;

/** A queue name of {@link QUEUES}. */
export type QueueName = keyof typeof QUEUES;

/** Queue `notifications`: notifications to deliver and notification requests from other services. */
export const NOTIFICATIONS_QUEUE = 'notifications' satisfies QueueName;

/** Queue `track_trace`: tracking events to apply to their shipments. */
export const TRACK_TRACE_QUEUE = 'track_trace' satisfies QueueName;

/** Delivery channels of a notification. */
export const CHANNELS = ['email', 'sms', 'push', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Priority by channel from the seed: 0 normal, 1 high, 2 critical. */
export const PRIORITY_BY_CHANNEL: Readonly<Record<Channel, 0 | 1 | 2>> = {
  email: 0,
  sms: 1,
  push: 1,
  whatsapp: 2,
};

/** Tracking events are critical (seed: tracking = 2). */
export const TRACKING_PRIORITY = 2 as const;
