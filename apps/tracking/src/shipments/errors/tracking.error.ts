/** Codes of the service's own errors; the exception filter maps each to an HTTP status. */
export type TrackingErrorCode = 'SHIPMENT_NOT_FOUND' | 'SHIPMENT_ALREADY_EXISTS' | 'EVENT_CONFLICT' | 'BATCH_TOO_LARGE';

/** The base of the service's typed errors; `problems` are the lines of the HTTP answer's `message`. */
export abstract class TrackingError extends Error {
  abstract readonly code: TrackingErrorCode;

  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = new.target.name;
  }
}
