import type { RegisterShipmentDto } from './register-shipment.dto';

/** Register a shipment for a tenant (`POST /shipments`). */
export interface RegisterShipmentCommand {
  /** From the API key, never from the body. */
  tenantId: string;
  /** The body, validated by the ValidationPipe. */
  shipment: RegisterShipmentDto;
}
