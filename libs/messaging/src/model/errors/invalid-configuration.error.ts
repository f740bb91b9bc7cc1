import { MessagingError } from './messaging.error';

/** Options given to `createMessaging` that cannot work; `problems` names each one. */
export class InvalidConfigurationError extends MessagingError {
  readonly code = 'INVALID_CONFIGURATION' as const;

  constructor(readonly problems: readonly string[]) {
    super(`invalid messaging configuration: ${problems.join('; ')}`);
  }
}
