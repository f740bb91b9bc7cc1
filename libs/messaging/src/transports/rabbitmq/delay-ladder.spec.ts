import { ladderRoute, levelBindingPatterns, MAX_LADDER_DELAY_MS, MAX_LEVEL, MIN_LEVEL, quantizeDelay } from './delay-ladder';

describe('delay ladder', () => {
  it('never shortens a delay, and lengthens it by at most 1/16 (or up to the 8 ms step)', () => {
    for (const delay of [1, 7, 8, 9, 10, 150, 300, 500, 700, 1_000, 1_234, 60_000, 600_000, 3_600_000, 365 * 24 * 3_600_000]) {
      const quantized = quantizeDelay(delay);
      expect(quantized).toBeGreaterThanOrEqual(delay);
      expect(quantized - delay).toBeLessThanOrEqual(Math.max(8, delay / 16));
    }
    expect(quantizeDelay(0)).toBe(0);
    expect(quantizeDelay(1_000)).toBe(1_024);
  });

  it('encodes the delay as one bit word per level, highest first, then the destination', () => {
    const route = ladderRoute(1_000, 'notifications.p2');
    // 1024 = 2^10: one hop, through level 10.
    expect(route).toMatchObject({ level: 10, delayMs: 1_024 });
    const words = route.routingKey.split('.');
    expect(words).toHaveLength(MAX_LEVEL - MIN_LEVEL + 1 + 2);
    expect(words.slice(-2)).toEqual(['notifications', 'p2']);
    expect(words.filter((word) => word === '1')).toHaveLength(1);
    expect(words[MAX_LEVEL - 10]).toBe('1');
  });

  it('needs at most five hops for any delay', () => {
    for (let delay = 9; delay < MAX_LADDER_DELAY_MS; delay = Math.ceil(delay * 1.37)) {
      const bits = ladderRoute(delay, 'q.p0')
        .routingKey.split('.')
        .filter((word) => word === '1').length;
      expect(bits).toBeLessThanOrEqual(5);
    }
  });

  it('sums the levels a message waits in to exactly the delay it is given', () => {
    const route = ladderRoute(150, 'q.p0');
    const words = route.routingKey.split('.').slice(0, MAX_LEVEL - MIN_LEVEL + 1);
    const total = words.reduce((sum, word, index) => sum + (word === '1' ? 2 ** (MAX_LEVEL - index) : 0), 0);
    expect(total).toBe(route.delayMs);
    expect(route.delayMs).toBe(152);
  });

  it('binds each level on its own word: set goes into the level queue, clear goes down', () => {
    expect(levelBindingPatterns(MAX_LEVEL)).toEqual({ bitSet: '1.#', bitClear: '0.#' });
    expect(levelBindingPatterns(MAX_LEVEL - 2)).toEqual({ bitSet: '*.*.1.#', bitClear: '*.*.0.#' });
  });

  it('refuses delays beyond the ladder', () => {
    expect(() => quantizeDelay(MAX_LADDER_DELAY_MS + 1)).toThrow(RangeError);
  });
});
