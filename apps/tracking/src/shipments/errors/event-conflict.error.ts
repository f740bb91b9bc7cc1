import { TrackingError } from './tracking.error';

/**
 * An event id was already recorded for the shipment with different content (HTTP 409). An exact
 * repeat is a duplicate and answers 202; a different event under a used id is a carrier bug we
 * must not silently drop or apply.
 */
export class EventConflictError extends TrackingError {
  readonly code = 'EVENT_CONFLICT' as const;

  constructor(problems: readonly string[]) {
    super(problems);
  }
}
