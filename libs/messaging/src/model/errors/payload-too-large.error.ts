import { MessagingError } from './messaging.error';

/** A serialised payload (with its headers) over the configured `maxPayloadBytes`. */
export class PayloadTooLargeError extends MessagingError {
  readonly code = 'PAYLOAD_TOO_LARGE' as const;

  constructor(
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(`payload of ${sizeBytes} bytes exceeds the limit of ${limitBytes} bytes`);
  }
}
