import { registerDecorator, ValidationOptions } from 'class-validator';
import { EARLIEST_OCCURRED_AT, MAX_CLOCK_SKEW_MS } from '../shipment-rules';

/** ISO 8601 date and time with an explicit zone (`Z` or `±hh:mm`): a time without a zone is ambiguous. */
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const FORMAT = 'must be an ISO 8601 date-time with a time zone, e.g. 2025-11-28T14:05:00Z';

/** The instant `value` names, or NaN when it is not a real zoned date-time (Feb 30 and 24:61 included, which Date.parse rolls over). */
export function parseOccurredAt(value: unknown): number {
  const match = typeof value === 'string' ? ISO_WITH_ZONE.exec(value) : null;
  if (!match) {
    return Number.NaN;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const real = calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day && hour <= 23 && minute <= 59 && second <= 59;
  return real ? Date.parse(value as string) : Number.NaN;
}

/** Why `value` cannot be an event's `occurredAt` at `now`, or undefined when it can. */
export function occurredAtProblem(value: unknown, now = Date.now()): string | undefined {
  const at = parseOccurredAt(value);
  if (Number.isNaN(at)) {
    return FORMAT;
  }
  if (at > now + MAX_CLOCK_SKEW_MS) {
    return `must not be in the future (more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes ahead of the server clock)`;
  }
  if (at < EARLIEST_OCCURRED_AT) {
    return 'must not be before 2000-01-01T00:00:00Z';
  }
  return undefined;
}

/** `occurredAt`: a zoned ISO 8601 date-time, not in the future beyond the skew allowance, not before 2000. */
export function IsOccurredAt(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isOccurredAt',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => occurredAtProblem(value) === undefined,
        defaultMessage: (args) => occurredAtProblem(args?.value) ?? 'is invalid',
      },
    });
}
