/**
 * Latencies (end-to-end, processing) are kept as counts per bucket, so that every instance can add
 * its own up in PostgreSQL and a percentile can be read across all of them. Upper bounds in ms,
 * roughly ×1.5 apart (so a percentile read by interpolation is off by at most half a bucket), dense
 * around the SLAs (10 s, 30 s); the last bucket is open-ended.
 */
export const LATENCY_BUCKET_BOUNDS_MS: readonly number[] = [
  1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000,
  30_000, 45_000, 60_000, 90_000, 120_000, 180_000, 300_000, 600_000, 1_800_000, 3_600_000,
];

/** Counts per bucket: one more than the bounds (the open-ended last bucket). */
export function emptyHistogram(): number[] {
  return new Array<number>(LATENCY_BUCKET_BOUNDS_MS.length + 1).fill(0);
}

/** The bucket a latency falls in: the first whose upper bound is at least `ms`. */
export function bucketOf(ms: number): number {
  let low = 0;
  let high = LATENCY_BUCKET_BOUNDS_MS.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (LATENCY_BUCKET_BOUNDS_MS[middle] >= ms) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low;
}

/**
 * The `p`-th percentile (0-1) of a histogram, interpolated linearly inside its bucket; 0 when the
 * histogram is empty. In the open-ended bucket it answers that bucket's lower bound.
 */
export function percentileOf(histogram: readonly number[], p: number): number {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) {
    return 0;
  }
  const target = p * total;
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket += 1) {
    const count = histogram[bucket];
    if (count > 0 && seen + count >= target) {
      const lower = bucket === 0 ? 0 : LATENCY_BUCKET_BOUNDS_MS[bucket - 1];
      if (bucket >= LATENCY_BUCKET_BOUNDS_MS.length) {
        return lower;
      }
      const upper = LATENCY_BUCKET_BOUNDS_MS[bucket];
      return lower + ((upper - lower) * (target - seen)) / count;
    }
    seen += count;
  }
  return LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1];
}
