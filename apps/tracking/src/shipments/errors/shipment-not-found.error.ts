import { TrackingError } from './tracking.error';

/** No shipment with this tracking number for the caller's tenant (HTTP 404; another tenant's too). */
export class ShipmentNotFoundError extends TrackingError {
  readonly code = 'SHIPMENT_NOT_FOUND' as const;

  /** `problems`: one line per unknown shipment, e.g. `events.3.trackingNumber: no shipment TN-9` in a batch. */
  constructor(problems: readonly string[]) {
    super(problems);
  }

  static of(trackingNumber: string, path?: string): ShipmentNotFoundError {
    return new ShipmentNotFoundError([`${path ? `${path}: ` : ''}no shipment ${trackingNumber} for this tenant`]);
  }
}
