import { RetryPolicy, retryDelayMs } from './retry-policy';

const notifications: RetryPolicy = { backoff: 'exponential', maxRetries: 5, baseDelayMs: 1_000, maxDelayMs: 600_000, jitter: false };
const tracking: RetryPolicy = { backoff: 'linear', maxRetries: 10, baseDelayMs: 500, maxDelayMs: 120_000, jitter: false };

describe(retryDelayMs.name, () => {
  it('doubles from the base delay for exponential backoff', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(notifications, n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('grows by the base delay for linear backoff', () => {
    expect([1, 2, 3, 10].map((n) => retryDelayMs(tracking, n))).toEqual([500, 1_000, 1_500, 5_000]);
  });

  it('keeps the base delay for fixed backoff', () => {
    expect([1, 7].map((n) => retryDelayMs({ ...tracking, backoff: 'fixed' }, n))).toEqual([500, 500]);
  });

  it('caps the delay at maxDelayMs, even where 2^n overflows', () => {
    expect(retryDelayMs(notifications, 11)).toBe(600_000);
    expect(retryDelayMs(notifications, 5_000)).toBe(600_000);
    expect(retryDelayMs({ ...tracking, baseDelayMs: 50_000 }, 3)).toBe(120_000);
  });

  it('only lengthens a delay with jitter, by at most 20%', () => {
    const jittered = { ...notifications, jitter: true };
    expect(retryDelayMs(jittered, 3, () => 0)).toBe(4_000);
    expect(retryDelayMs(jittered, 3, () => 0.999_999)).toBe(4_800);
    expect(retryDelayMs(jittered, 3, () => 0.5)).toBe(4_400);
  });

  it('rejects a retry number below 1', () => {
    expect(() => retryDelayMs(notifications, 0)).toThrow(RangeError);
  });
});
