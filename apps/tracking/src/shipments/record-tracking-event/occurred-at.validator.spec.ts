import { occurredAtProblem, parseOccurredAt } from './occurred-at.validator';

describe(occurredAtProblem.name, () => {
  const now = Date.parse('2025-11-28T12:00:00Z');

  it('accepts zoned ISO 8601 times in the past and up to 5 minutes ahead', () => {
    expect(occurredAtProblem('2025-11-28T11:00:00Z', now)).toBeUndefined();
    expect(occurredAtProblem('2025-11-28T06:00:00.123-06:00', now)).toBeUndefined();
    expect(occurredAtProblem('2025-11-28T12:04:59Z', now)).toBeUndefined();
    expect(parseOccurredAt('2025-11-28T06:00:00-0600')).toBe(now);
  });

  it('rejects times beyond the skew allowance, before 2000, without a zone or impossible', () => {
    expect(occurredAtProblem('2025-11-28T12:05:01Z', now)).toBe(
      'must not be in the future (more than 5 minutes ahead of the server clock)',
    );
    expect(occurredAtProblem('1999-12-31T23:59:59Z', now)).toBe('must not be before 2000-01-01T00:00:00Z');
    for (const bad of [
      '2025-11-28T11:00:00',
      '2025-11-28',
      '2025-02-29T10:00:00Z',
      '2025-11-28T24:00:00Z',
      '2025-11-28T10:60:00Z',
      'yesterday',
      1_700_000_000_000,
      null,
    ]) {
      expect(occurredAtProblem(bad, now)).toBe('must be an ISO 8601 date-time with a time zone, e.g. 2025-11-28T14:05:00Z');
    }
    expect(occurredAtProblem('2024-02-29T10:00:00Z', now)).toBeUndefined();
  });
});
