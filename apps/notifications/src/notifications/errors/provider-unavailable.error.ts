import { NotificationsError } from './notifications.error';

/**
 * A provider failed for now (5xx, timeout, connection refused). Thrown from the delivery handler so
 * the queue retries the message by its policy (exponential, 1 s base, 5 retries, 10 min cap).
 */
export class ProviderUnavailableError extends NotificationsError {
  readonly code = 'PROVIDER_UNAVAILABLE' as const;

  constructor(
    readonly channel: string,
    reason: string,
  ) {
    super(`${channel} provider: ${reason}`);
  }
}
