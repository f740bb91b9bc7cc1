import { TrackingError } from './tracking.error';

/** The tenant already registered this tracking number (HTTP 409): tracking numbers are unique per tenant. */
export class ShipmentAlreadyExistsError extends TrackingError {
  readonly code = 'SHIPMENT_ALREADY_EXISTS' as const;

  constructor(readonly trackingNumber: string) {
    super([`trackingNumber: shipment ${trackingNumber} is already registered for this tenant`]);
  }
}
