import type { NewTrackingEvent } from '../tracking-event.repository';
import { sameEvent } from './same-event';

describe(sameEvent.name, () => {
  const event: NewTrackingEvent = {
    shipmentId: 's1',
    eventId: 'e1',
    status: 'in_transit',
    location: 'Querétaro, MX',
    occurredAt: new Date('2025-11-28T10:00:00Z'),
    source: 'carrier',
    details: { hub: 'QRO', scan: { by: 'x', at: 1 } },
  };

  it('treats an exact repeat as the same event, whatever the key order of details', () => {
    expect(
      sameEvent(event, { ...event, occurredAt: new Date('2025-11-28T04:00:00-06:00'), details: { scan: { at: 1, by: 'x' }, hub: 'QRO' } }),
    ).toBe(true);
  });

  it('tells apart any different field', () => {
    expect(sameEvent(event, { ...event, status: 'delivered' })).toBe(false);
    expect(sameEvent(event, { ...event, location: null })).toBe(false);
    expect(sameEvent(event, { ...event, occurredAt: new Date('2025-11-28T10:00:01Z') })).toBe(false);
    expect(sameEvent(event, { ...event, source: null })).toBe(false);
    expect(sameEvent(event, { ...event, details: { hub: 'MEX' } })).toBe(false);
  });
});
