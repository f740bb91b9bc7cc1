/** Why the broker did not take a published message. */
export type ConfirmFailure =
  /** No queue was bound for it (mandatory routing): a topology or configuration problem. */
  | 'unroutable'
  /** The broker refused it (basic.nack): an overflowing queue, an internal error. */
  | 'nacked'
  /** No connection, or the channel closed before the confirm arrived. */
  | 'unavailable'
  /** No confirm within the confirm timeout; the message may or may not be stored. */
  | 'timeout'
  /** The broker blocks the publishing connection (a memory or disk alarm): nothing would be stored until it clears. */
  | 'blocked'
  /** amqplib cannot encode the message (a header table over its 64 KiB buffer, a header name over 255 bytes): it never will. */
  | 'unpublishable';

/**
 * A publish the broker did not confirm. Internal to the RabbitMQ transport: the publisher turns
 * it into a `failed` result, spills it to the outbox, or the settlement fails and the message is
 * redelivered.
 */
export class ConfirmFailedError extends Error {
  override readonly name = 'ConfirmFailedError';

  constructor(
    readonly failure: ConfirmFailure,
    message: string,
  ) {
    super(message);
  }

  /** Whether the broker could not be reached, so buffering the message elsewhere makes sense. */
  get brokerUnavailable(): boolean {
    return this.failure === 'unavailable' || this.failure === 'timeout' || this.failure === 'nacked' || this.failure === 'blocked';
  }

  /** Whether the broker was down, blocked or silent: waiting it out makes sense, and it says nothing about the message. */
  get brokerDown(): boolean {
    return this.failure === 'unavailable' || this.failure === 'timeout' || this.failure === 'blocked';
  }
}
