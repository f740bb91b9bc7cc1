/**
 * A received message that is not a Tenaz message (no message-id, a body that is not JSON). It
 * never reaches a handler: the transport dead-letters it as it is. Internal: never thrown to callers.
 */
export class UndecodableMessageError extends Error {
  override readonly name = 'UndecodableMessageError';
}
