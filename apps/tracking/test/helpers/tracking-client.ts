import request from 'supertest';
import { TENANTS } from './test-app';

/** An `Authorization` header of a test tenant. */
export const bearer = (tenant: keyof typeof TENANTS): string => `Bearer ${TENANTS[tenant].key}`;

/** What a test registers: a tracking number, the recipient and the subscriptions. */
export interface ShipmentInput {
  trackingNumber: string;
  recipient?: { email?: string; phone?: string; pushToken?: string };
  notify?: { on: string; channel: string }[];
  countryCode?: string;
  correlationId?: string;
}

/** A tracking event as the API takes it. */
export interface EventInput {
  eventId: string;
  status: string;
  occurredAt: string;
  location?: string;
  source?: string;
  details?: Record<string, unknown>;
}

/** Thin helpers over the tracking API, so tests read as the flow they check. */
export class TrackingClient {
  constructor(
    readonly url: string,
    private readonly tenant: keyof typeof TENANTS = 'acme',
  ) {}

  as(tenant: keyof typeof TENANTS): TrackingClient {
    return new TrackingClient(this.url, tenant);
  }

  register(shipment: ShipmentInput, expected = 201): request.Test {
    return request(this.url)
      .post('/shipments')
      .set('Authorization', bearer(this.tenant))
      .send({ recipient: { phone: '+5215512345678' }, ...shipment })
      .expect(expected);
  }

  post(trackingNumber: string, event: EventInput | Record<string, unknown>, expected = 202): request.Test {
    return request(this.url)
      .post(`/shipments/${trackingNumber}/events`)
      .set('Authorization', bearer(this.tenant))
      .send(event)
      .expect(expected);
  }

  batch(events: (EventInput & { trackingNumber: string })[] | Record<string, unknown>[], expected = 202): request.Test {
    return request(this.url).post('/events/batch').set('Authorization', bearer(this.tenant)).send({ events }).expect(expected);
  }

  get(trackingNumber: string, expected = 200): request.Test {
    return request(this.url).get(`/shipments/${trackingNumber}`).set('Authorization', bearer(this.tenant)).expect(expected);
  }
}

/** `n` minutes before now, as ISO 8601: event times in the recent past. */
export function minutesAgo(n: number): string {
  return new Date(Date.now() - n * 60_000).toISOString();
}
