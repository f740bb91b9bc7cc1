import type { ProcessResult } from '../model/message';
import { RetryPolicy, retryDelayMs } from '../model/retry-policy';
import type { Delivery, Settlement } from '../transport/transport.interface';

/** Dead-letter reasons the library writes itself (a handler's own reason is stored as given). */
export const DEAD_LETTER_REASONS = {
  retriesExhausted: 'retries exhausted',
  leaseExpiredTooOften: 'attempts exhausted: earlier attempts never finished (the consumer crashed or hung)',
} as const;

/** A handler returned something that is not a `ProcessResult`: a bug, retried like a thrown error. */
class InvalidProcessResultError extends Error {
  override readonly name = 'InvalidProcessResultError';
}

/**
 * Decides what becomes of a delivery after its handler returned `result` or threw `error`.
 * A handler's explicit `{ retryInMs }` or `{ deadLetter }` wins over the policy's delay; every
 * retry, explicit or not, counts against `maxRetries`, so no message retries forever.
 */
export function settlementFor(
  delivery: Delivery,
  policy: RetryPolicy,
  outcome: { result: ProcessResult } | { error: unknown },
): Settlement {
  if ('error' in outcome) {
    return retryOrDeadLetter(delivery, policy, describeError(outcome.error), undefined);
  }
  const result = outcome.result;
  if (result === undefined || result === 'ack') {
    return { kind: 'ack' };
  }
  if (typeof result === 'object' && result !== null) {
    if ('deadLetter' in result && typeof result.deadLetter === 'string') {
      return { kind: 'dead-letter', reason: result.deadLetter || 'rejected by handler', error: null };
    }
    if ('retryInMs' in result && Number.isFinite(result.retryInMs) && result.retryInMs >= 0) {
      return retryOrDeadLetter(
        delivery,
        policy,
        `handler asked to retry in ${Math.round(result.retryInMs)} ms`,
        Math.round(result.retryInMs),
      );
    }
  }
  const invalid = new InvalidProcessResultError(
    `handler returned ${JSON.stringify(result) ?? String(result)}, which is not a ProcessResult`,
  );
  return retryOrDeadLetter(delivery, policy, describeError(invalid), undefined);
}

/** Whether a delivery's attempts are already used up before its handler runs (its earlier attempts crashed). */
export function attemptsExhausted(delivery: Delivery): boolean {
  return delivery.message.attempt > delivery.maxRetries + 1;
}

function retryOrDeadLetter(delivery: Delivery, policy: RetryPolicy, error: string, explicitDelayMs: number | undefined): Settlement {
  const retry = delivery.message.attempt;
  if (retry > delivery.maxRetries) {
    return { kind: 'dead-letter', reason: DEAD_LETTER_REASONS.retriesExhausted, error };
  }
  const effective =
    delivery.retryDelayMs === null
      ? policy
      : { ...policy, baseDelayMs: delivery.retryDelayMs, maxDelayMs: Math.max(policy.maxDelayMs, delivery.retryDelayMs) };
  return { kind: 'retry', delayMs: explicitDelayMs ?? retryDelayMs(effective, retry), error };
}

/** `Name: message` of an error, without its stack (stacks can carry request data into the store). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return `${error.name}: ${error.message}`;
  }
  return `non-error thrown: ${typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error))}`;
}
