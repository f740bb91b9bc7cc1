import type { NewTrackingEvent } from '../tracking-event.repository';

/**
 * True when two versions of one event id say the same thing: an exact repeat (a carrier retrying)
 * rather than a different event under a used id. `details` compares as JSON with sorted keys,
 * since PostgreSQL's jsonb does not keep key order.
 */
export function sameEvent(a: NewTrackingEvent, b: NewTrackingEvent): boolean {
  return (
    a.status === b.status &&
    a.location === b.location &&
    a.occurredAt.getTime() === b.occurredAt.getTime() &&
    a.source === b.source &&
    canonicalJson(a.details) === canonicalJson(b.details)
  );
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : item,
  );
}
