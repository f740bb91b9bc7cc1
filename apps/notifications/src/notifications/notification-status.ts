/**
 * Where a notification is in its life: `queued` (accepted, waiting for a worker), `sending` (an
 * attempt is with the provider), `sent` (the provider accepted it), `failed` (the last attempt
 * failed and another is scheduled) or `dead` (rejected for good or out of retries).
 */
export const NOTIFICATION_STATUSES = ['queued', 'sending', 'sent', 'failed', 'dead'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * How one attempt ended: `sending` while it runs, `interrupted` when the process stopped during
 * it (the provider may or may not have sent), else `sent`, `failed` (retried) or `dead`.
 */
export const ATTEMPT_OUTCOMES = ['sending', 'sent', 'failed', 'dead', 'interrupted'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Where a notification came from: the REST API or a `notification.requested` message. */
export type NotificationOrigin = 'api' | 'queue';
