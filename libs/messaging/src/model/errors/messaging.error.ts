/** Every error the library throws carries one of these codes. */
export type MessagingErrorCode =
  | 'UNKNOWN_QUEUE'
  | 'INVALID_QUEUE_NAME'
  | 'INVALID_PRIORITY'
  | 'INVALID_PAYLOAD'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_PUBLISH_OPTIONS'
  | 'INVALID_CONFIGURATION'
  | 'NOT_IN_TRANSACTION'
  | 'PUBLISH_FAILED'
  | 'TRANSPORT_UNAVAILABLE'
  | 'CLOSED'
  | 'MISSING_STATEMENT'
  | 'DEADLINE_EXCEEDED'
  | 'UNSUPPORTED_EXECUTOR'
  | 'CONSUMER_STOPPED'
  | 'INVARIANT_VIOLATED'
  | 'LEASE_LOST'
  | 'QUEUE_NOT_CONSUMABLE'
  | 'REQUEST_RESPONSE_UNSUPPORTED'
  | 'INVALID_PATTERN'
  | 'SERVER_EVENTS_UNSUPPORTED'
  | 'INVALID_SELECTOR';

/**
 * How a caller should treat an error: `bad-input` is the caller's to fix (HTTP 400),
 * `unavailable` may succeed later (HTTP 503), `misuse` is a programming or setup error (HTTP 500).
 */
export type MessagingErrorKind = 'bad-input' | 'unavailable' | 'misuse';

/** Classifies a code; the switch is exhaustive so a new code must choose its kind. */
export function kindOfMessagingError(code: MessagingErrorCode): MessagingErrorKind {
  switch (code) {
    case 'UNKNOWN_QUEUE':
    case 'INVALID_QUEUE_NAME':
    case 'INVALID_PRIORITY':
    case 'INVALID_PAYLOAD':
    case 'PAYLOAD_TOO_LARGE':
    case 'INVALID_PUBLISH_OPTIONS':
    case 'INVALID_SELECTOR':
      return 'bad-input';
    case 'PUBLISH_FAILED':
    case 'TRANSPORT_UNAVAILABLE':
    case 'CLOSED':
    case 'DEADLINE_EXCEEDED':
    case 'CONSUMER_STOPPED':
    case 'LEASE_LOST':
      return 'unavailable';
    case 'INVALID_CONFIGURATION':
    case 'NOT_IN_TRANSACTION':
    case 'MISSING_STATEMENT':
    case 'UNSUPPORTED_EXECUTOR':
    case 'INVARIANT_VIOLATED':
    case 'QUEUE_NOT_CONSUMABLE':
    case 'REQUEST_RESPONSE_UNSUPPORTED':
    case 'INVALID_PATTERN':
    case 'SERVER_EVENTS_UNSUPPORTED':
      return 'misuse';
    default: {
      // A code from a newer version of the library: treat it as a bug to look at.
      const unclassified: never = code;
      void unclassified;
      return 'misuse';
    }
  }
}

/** The base of every error the library throws. */
export abstract class MessagingError extends Error {
  abstract readonly code: MessagingErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** See {@link kindOfMessagingError}. */
  get kind(): MessagingErrorKind {
    return kindOfMessagingError(this.code);
  }
}
