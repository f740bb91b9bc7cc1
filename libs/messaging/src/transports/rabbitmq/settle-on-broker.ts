import type { Settlement } from '../../transport/transport.interface';
import type { Envelope } from './amqp-message';
import type { RabbitMqDeliveryHandle } from './priority-subscription';
import { LeaseLostError } from '../../model/errors';
import { unreachable } from '../../model/unreachable';

/**
 * Carries out a settlement on RabbitMQ. A retry, release or dead letter is a new copy of the
 * message (same id and body, updated `x-tenaz-` headers) published with confirms first; only then
 * is the delivery acked, so a crash in between leaves the message in its queue (and perhaps a
 * duplicate copy, which the inbox absorbs) but never loses it. When the copy cannot be published,
 * the delivery goes back to its queue (basic.nack, requeue) and the error is thrown; when the
 * channel that delivered it has closed, the broker delivers it again and this throws.
 *
 * Retries of up to `holdRetriesUpToMs` wait in this process instead (the delay ladder's hops cost
 * tens of milliseconds each, too coarse for them).
 *
 * `republish(envelope, delayMs)` sends a copy to the message's work queue (through the delay
 * ladder when `delayMs` > 0); `deadLetter(envelope)` sends one to the queue's dead-letter exchange.
 */
export async function settleOnBroker(
  handle: RabbitMqDeliveryHandle,
  settlement: Settlement,
  republish: (envelope: Envelope, delayMs: number) => Promise<void>,
  deadLetter: (envelope: Envelope) => Promise<void>,
  holdRetriesUpToMs: number,
): Promise<void> {
  if (
    settlement.kind === 'retry' &&
    settlement.delayMs > 0 &&
    settlement.delayMs <= holdRetriesUpToMs &&
    handle.subscription.isLive(handle)
  ) {
    // A short retry waits here, the message still held (and counted as processing), then goes
    // straight back to its queue: exact, and never invisible in health. The handler slot is free
    // at once; if this process dies meanwhile the broker redelivers it, the attempt counted.
    const timer = setTimeout(() => {
      void settleOnBroker(handle, { ...settlement, delayMs: 0 }, republish, deadLetter, holdRetriesUpToMs).catch(() => undefined);
    }, settlement.delayMs);
    timer.unref();
    return;
  }
  const subscription = handle.subscription;
  const envelope = handle.envelope;
  try {
    if (!subscription.isLive(handle)) {
      throw new LeaseLostError(
        handle.subscription.queueName,
        handle.envelope.id,
        'the channel that delivered it closed; the broker delivers it again',
      );
    }
    switch (settlement.kind) {
      case 'ack':
        break;
      case 'retry':
        await republish({ ...envelope, attemptsBefore: handle.attempt, lastError: settlement.error }, settlement.delayMs);
        break;
      case 'release':
        // Given back unstarted: the attempt is not counted.
        await republish({ ...envelope, attemptsBefore: handle.attempt - 1 }, 0);
        break;
      case 'dead-letter':
        await deadLetter({
          ...envelope,
          lastError: settlement.error ?? envelope.lastError ?? abandonedAttempts(handle),
          deadLetter: { reason: settlement.reason, attempts: handle.attempt, at: new Date() },
        });
        break;
      default:
        unreachable(settlement, 'settlement');
    }
    subscription.ack(handle);
  } catch (error) {
    subscription.requeue(handle);
    throw error;
  } finally {
    subscription.forget(handle);
  }
}

/** What is known of attempts that ended without an outcome: only that the broker took them back. */
function abandonedAttempts(handle: RabbitMqDeliveryHandle): string | null {
  return handle.redeliveries === 0
    ? null
    : `delivered ${handle.redeliveries} time(s) before without an outcome: its consumer died or lost its connection mid-attempt`;
}
