import { MessagingError } from './messaging.error';

/**
 * `server.on(...)` on the NestJS microservices transport. Its connections are the library's, which
 * recover by themselves; their state is in `messaging.health()` and `messaging.ping()`, not in events.
 */
export class ServerEventsUnsupportedError extends MessagingError {
  readonly code = 'SERVER_EVENTS_UNSUPPORTED' as const;

  constructor() {
    super('TenazServer has no events; use messaging.health() and messaging.ping()');
  }
}
