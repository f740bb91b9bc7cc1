import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ShipmentAlreadyExistsError } from '../errors';
import { ShipmentRepository } from '../shipment.repository';
import { RegisterShipmentCommand } from './register-shipment.command';

/** The 201 body of `POST /shipments`. */
export interface RegisteredShipment {
  trackingNumber: string;
  status: null;
  correlationId: string;
  countryCode: string | null;
  recipient: { email: string | null; phone: string | null; pushToken: string | null };
  notify: { on: string; channel: string }[];
  createdAt: string;
}

/** Registers a shipment for the caller's tenant; a tracking number the tenant already has is a 409. */
@Injectable()
export class RegisterShipmentUsecase {
  constructor(private readonly shipments: ShipmentRepository) {}

  async execute(command: RegisterShipmentCommand): Promise<RegisteredShipment> {
    const { tenantId, shipment: registration } = command;
    const shipment = {
      id: randomUUID(),
      tenantId,
      trackingNumber: registration.trackingNumber,
      recipientEmail: registration.recipient.email ?? null,
      recipientPhone: registration.recipient.phone ?? null,
      recipientPushToken: registration.recipient.pushToken ?? null,
      // Only the two fields: the DTO instances carry nothing else after whitelisting, but the column is ours.
      notify: (registration.notify ?? []).map(({ on, channel }) => ({ on, channel })),
      countryCode: registration.countryCode ?? null,
      correlationId: registration.correlationId ?? randomUUID(),
    };
    const createdAt = await this.shipments.insert(shipment);
    if (createdAt === null) {
      throw new ShipmentAlreadyExistsError(registration.trackingNumber);
    }
    return {
      trackingNumber: shipment.trackingNumber,
      status: null,
      correlationId: shipment.correlationId,
      countryCode: shipment.countryCode,
      recipient: { email: shipment.recipientEmail, phone: shipment.recipientPhone, pushToken: shipment.recipientPushToken },
      notify: shipment.notify,
      createdAt: createdAt.toISOString(),
    };
  }
}
