/** Median of numbers (the mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The p-th percentile (0-100) by nearest rank: the smallest value with p% of samples at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

/** `percentile` for values already sorted ascending (many percentiles of one large sample). */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The percentiles a latency chart draws: enough points for the shape of the tail. */
export const DISTRIBUTION_PERCENTILES = [1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9] as const;

/** `{ "p50": ms, … }` of a sample, rounded to 0.01 ms, for the result file and the charts. */
export function distribution(samples: readonly number[]): Record<string, number> {
  const sorted = [...samples].sort((a, b) => a - b);
  return Object.fromEntries(DISTRIBUTION_PERCENTILES.map((p) => [`p${p}`, Math.round(percentileOfSorted(sorted, p) * 100) / 100]));
}
