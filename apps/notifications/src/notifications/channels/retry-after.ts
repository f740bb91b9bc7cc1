/** The longest wait honoured from a Retry-After: the notifications queue's 10-minute retry cap. */
export const MAX_RETRY_AFTER_MS = 600_000;

/**
 * A `Retry-After` header (delay in seconds, or an HTTP date) in milliseconds, capped at 10
 * minutes; undefined when absent or unreadable (the queue's backoff applies then).
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') {
    return undefined;
  }
  const trimmed = header.trim();
  const milliseconds = /^\d+$/.test(trimmed) ? Number(trimmed) * 1_000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(milliseconds)) {
    return undefined;
  }
  return Math.min(Math.max(milliseconds, 0), MAX_RETRY_AFTER_MS);
}
