/**
 * Delays on a broker without plugins: a ladder of TTL'd quorum queues, one per power of two
 * (2^3 ms … 2^34 ms, about 8 ms to 199 days; the library accepts delays up to a year, which
 * needs bits up to 2^34). A delayed message carries its delay in its routing key as one word per
 * level ("1" or "0", highest level first) followed by its destination. It waits in the level queue
 * of every bit that is set, highest first: each level queue dead-letters (at-least-once) to the
 * next lower level's exchange, which sends it either into its own queue (bit set) or on down
 * (bit clear); below the lowest level the delivery exchange routes it to its work queue by the
 * destination words. A fixed topology of 32 queues carries any delay, and every message in one
 * level queue has the same TTL, so the broker expires them strictly in order.
 *
 * Each hop costs 7-50 ms on this machine (measured: quorum TTL expiry plus at-least-once
 * dead-lettering), so delays are rounded up to 5 significant bits: at most 5 hops and at most
 * 1/16 (6%) longer than asked. A delay is never shortened.
 */

/** The lowest level: delays are multiples of 2^3 = 8 ms. */
export const MIN_LEVEL = 3;
/** The highest level: 2^34 ms (199 days), so the sum of all levels exceeds a year. */
export const MAX_LEVEL = 34;
/** Significant bits kept when rounding a delay up (at most this many hops). */
const SIGNIFICANT_BITS = 5;

/** The longest delay the ladder carries: every level's bit set. */
export const MAX_LADDER_DELAY_MS = 2 ** (MAX_LEVEL + 1) - 2 ** MIN_LEVEL;

/**
 * The delay a message actually gets: `delayMs` rounded up to a multiple of 8 ms and to
 * {@link SIGNIFICANT_BITS} significant bits. 0 stays 0 (no ladder).
 */
export function quantizeDelay(delayMs: number): number {
  if (!(delayMs > 0)) {
    return 0;
  }
  const magnitude = Math.floor(Math.log2(delayMs));
  const granularity = 2 ** Math.max(MIN_LEVEL, magnitude - (SIGNIFICANT_BITS - 1));
  const rounded = Math.ceil(delayMs / granularity) * granularity;
  if (rounded > MAX_LADDER_DELAY_MS) {
    throw new RangeError(`a delay of ${delayMs} ms exceeds the longest the delay ladder carries (${MAX_LADDER_DELAY_MS} ms)`);
  }
  return rounded;
}

/** Where a delayed message is published: the exchange of its highest set bit, and its routing key. */
export interface LadderRoute {
  level: number;
  routingKey: string;
  /** The delay it will get (see {@link quantizeDelay}). */
  delayMs: number;
}

/** The route that delays a message by `delayMs` (> 0) and then delivers it to `destination`. */
export function ladderRoute(delayMs: number, destination: string): LadderRoute {
  const quantized = quantizeDelay(delayMs);
  if (quantized === 0) {
    throw new RangeError('a ladder route needs a positive delay');
  }
  const words: string[] = [];
  let highest = -1;
  for (let level = MAX_LEVEL; level >= MIN_LEVEL; level -= 1) {
    // Division, not bit operators: JavaScript's bitwise operators work on 32 bits only.
    const set = Math.floor(quantized / 2 ** level) % 2 === 1;
    if (set && highest === -1) {
      highest = level;
    }
    words.push(set ? '1' : '0');
  }
  return { level: highest, routingKey: `${words.join('.')}.${destination}`, delayMs: quantized };
}

/** The two bindings of a level's exchange: into its own queue when its bit is set, else down. */
export function levelBindingPatterns(level: number): { bitSet: string; bitClear: string } {
  const skipped = '*.'.repeat(MAX_LEVEL - level);
  return { bitSet: `${skipped}1.#`, bitClear: `${skipped}0.#` };
}

/** The levels from the highest to the lowest. */
export function ladderLevels(): number[] {
  const levels: number[] = [];
  for (let level = MAX_LEVEL; level >= MIN_LEVEL; level -= 1) {
    levels.push(level);
  }
  return levels;
}
