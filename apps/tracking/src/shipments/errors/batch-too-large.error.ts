import { TrackingError } from './tracking.error';

/** A batch of events over `BATCH_MAX_SIZE` (HTTP 400); nothing is stored. */
export class BatchTooLargeError extends TrackingError {
  readonly code = 'BATCH_TOO_LARGE' as const;

  constructor(max: number, got: number) {
    super([`events: at most ${max} per batch, got ${got}`]);
  }
}
