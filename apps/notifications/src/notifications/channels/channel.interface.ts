import type { Channel } from '@tenaz/contracts';

/** A notification ready for a provider: content rendered, nothing else to look up. */
export interface OutgoingNotification {
  id: string;
  tenantId: string;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string | null;
  templateId: string | null;
  data: Record<string, unknown> | null;
  correlationId: string | null;
  countryCode: string | null;
}

/**
 * What a provider made of one send:
 * - `sent`: accepted; `providerMessageId` is the provider's reference when it gave one.
 * - `retry`: failed for now (5xx, timeout, connection refused, 429); `retryAfterMs` when the
 *   provider said how long to wait, else the queue's backoff applies.
 * - `reject`: failed for good (4xx other than 429, SMTP 5xx): retrying cannot help.
 */
export type SendResult =
  | { kind: 'sent'; providerMessageId: string | null }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'reject'; error: string };

/** One provider for one channel. Implementations never throw for a provider's answer: they classify it. */
export interface ChannelProvider {
  /** Short name stored with each attempt: `smtp`, `http`, `dev-sink`. */
  readonly name: string;
  /**
   * Sends once, bounded by the provider timeout. `signal` aborts when the service stops and its
   * drain time is over. The notification id travels as the provider's idempotency key.
   */
  send(notification: OutgoingNotification, signal: AbortSignal): Promise<SendResult>;
  close?(): Promise<void>;
}
