import { bucketOf, emptyHistogram, LATENCY_BUCKET_BOUNDS_MS, percentileOf } from './latency-histogram';

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose upper bound covers it', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
    expect(bucketOf(1.5)).toBe(1);
    expect(bucketOf(10_000)).toBe(LATENCY_BUCKET_BOUNDS_MS.indexOf(10_000));
    expect(bucketOf(10_000_000)).toBe(LATENCY_BUCKET_BOUNDS_MS.length);
  });

  it('reads a percentile by interpolating inside its bucket', () => {
    const histogram = emptyHistogram();
    // 100 samples between 200 and 300 ms.
    histogram[bucketOf(250)] = 100;
    expect(percentileOf(histogram, 0.95)).toBeCloseTo(295, 5);
    expect(percentileOf(histogram, 0.5)).toBeCloseTo(250, 5);
  });

  it('answers 0 for an empty histogram and the lower bound in the open-ended bucket', () => {
    expect(percentileOf(emptyHistogram(), 0.95)).toBe(0);
    const histogram = emptyHistogram();
    histogram[LATENCY_BUCKET_BOUNDS_MS.length] = 3;
    expect(percentileOf(histogram, 0.95)).toBe(LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1]);
  });
});
