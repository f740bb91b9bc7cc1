import { distribution, median, percentile } from './stats';

describe(percentile.name, () => {
  it('is the nearest rank: the smallest sample with p% of samples at or below it', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('gives every percentile a chart draws', () => {
    expect(distribution([1, 2, 3, 4])).toMatchObject({ p1: 1, p50: 2, p99: 4, 'p99.9': 4 });
  });
});

describe(median.name, () => {
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });
});
