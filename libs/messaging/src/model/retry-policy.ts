import { unreachable } from './unreachable';

/** How the delay before the n-th retry grows. */
export type Backoff = 'exponential' | 'linear' | 'fixed';

/**
 * A queue's retry policy. `maxRetries` counts retries after the first attempt. The n-th retry
 * (n = 1, 2, …) waits `baseDelayMs × n` (linear), `baseDelayMs × 2^(n-1)` (exponential) or
 * `baseDelayMs` (fixed), capped by `maxDelayMs`.
 */
export interface RetryPolicy {
  backoff: Backoff;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Lengthens each delay by up to 20% so that a burst of failures does not retry in lock step. */
  jitter: boolean;
}

/** Jitter only ever lengthens a delay, so a retry is never earlier than its policy promises. */
const MAX_JITTER_FRACTION = 0.2;

/**
 * The delay before retry number `retry` (1-based). `random` is injectable so tests can pin jitter.
 * The cap applies before jitter: a capped delay still spreads out over up to 20% more.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  if (!Number.isInteger(retry) || retry < 1) {
    throw new RangeError(`retry number must be a positive integer, got ${retry}`);
  }
  const base = policy.baseDelayMs;
  let delay: number;
  switch (policy.backoff) {
    case 'fixed':
      delay = base;
      break;
    case 'linear':
      delay = base * retry;
      break;
    case 'exponential':
      // 2^(n-1) overflows to Infinity long after any cap; Math.min handles Infinity.
      delay = base * 2 ** (retry - 1);
      break;
    default:
      unreachable(policy.backoff, 'backoff');
  }
  delay = Math.min(delay, policy.maxDelayMs);
  if (policy.jitter) {
    delay += delay * MAX_JITTER_FRACTION * random();
  }
  return Math.round(delay);
}
