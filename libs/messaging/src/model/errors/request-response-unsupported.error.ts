import { MessagingError } from './messaging.error';

/**
 * `client.send()` or a `@MessagePattern` handler over Tenaz queues. A queue is durable and
 * one-way: a message may be handled minutes later, by another process, after the caller is gone,
 * so there is nobody to answer. Emit an event instead and, when the caller needs an answer,
 * have the handler publish one to a queue the caller consumes.
 */
export class RequestResponseUnsupportedError extends MessagingError {
  readonly code = 'REQUEST_RESPONSE_UNSUPPORTED' as const;

  constructor(readonly pattern: string) {
    super(
      `request-response (${pattern}) is not supported over Tenaz queues: they are durable and one-way; use emit() / @EventPattern and publish a reply to a queue the caller consumes`,
    );
  }
}
