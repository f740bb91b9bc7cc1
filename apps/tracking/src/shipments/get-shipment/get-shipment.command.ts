/** Read one of a tenant's shipments with its timeline (`GET /shipments/:trackingNumber`). */
export interface GetShipmentCommand {
  tenantId: string;
  trackingNumber: string;
}
