import { describe, expect, it } from 'vitest';
import {
  classicQuantile,
  classicRankBucket,
  exactQuantileInterval,
  intervalsOverlap,
  nativeBucketContaining,
  nativeBucketRelativeWidth,
  nativeRankBucket,
  relativeErrorToInterval,
} from '../../src/histogram/quantiles.js';

// Every expected value below is worked by hand from the definitions in the comments.

describe('exactQuantileInterval', () => {
  it('is the interval between x(k) and x(k+1) when q·n is an integer k', () => {
    // n = 4, q = 0.5: q·n = 2, so every value in [x(2), x(3)] = [20, 30] is a median.
    expect(exactQuantileInterval([10, 20, 30, 40], 0.5)).toEqual({ lower: 20, upper: 30 });
  });

  it('is the single value x(ceil(q·n)) otherwise', () => {
    // n = 5, q = 0.5: q·n = 2.5, rank 3.
    expect(exactQuantileInterval([10, 20, 30, 40, 50], 0.5)).toEqual({ lower: 30, upper: 30 });
    // n = 5, q = 0.9: q·n = 4.5, rank 5.
    expect(exactQuantileInterval([10, 20, 30, 40, 50], 0.9)).toEqual({ lower: 50, upper: 50 });
  });

  it('treats float noise in q·n as the integer it is meant to be', () => {
    // 0.07 * 100 = 7.000000000000001 in float64: the rank is 7, so [x(7), x(8)] = [7, 8].
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(exactQuantileInterval(values, 0.07)).toEqual({ lower: 7, upper: 8 });
  });

  it('spans a gap between observations: the case where Prometheus legitimately lands high', () => {
    // 58 values, p50: q·n = 29, median interval [x(29), x(30)] = [1, 100].
    const values = [...Array.from({ length: 29 }, () => 1), ...Array.from({ length: 29 }, () => 100)];
    expect(exactQuantileInterval(values, 0.5)).toEqual({ lower: 1, upper: 100 });
  });

  it('gives the extremes at q = 0 and q = 1, and nothing for an empty sample or q outside [0, 1]', () => {
    expect(exactQuantileInterval([3, 5, 8], 0)).toEqual({ lower: 3, upper: 3 });
    expect(exactQuantileInterval([3, 5, 8], 1)).toEqual({ lower: 8, upper: 8 });
    expect(exactQuantileInterval([], 0.5)).toBeUndefined();
    expect(exactQuantileInterval([1], 1.5)).toBeUndefined();
  });
});

describe('relativeErrorToInterval', () => {
  it('is 0 inside the interval and the relative distance to the nearer end outside', () => {
    expect(relativeErrorToInterval(25, { lower: 20, upper: 30 })).toBe(0);
    expect(relativeErrorToInterval(33, { lower: 20, upper: 30 })).toBeCloseTo(0.1, 12);
    expect(relativeErrorToInterval(18, { lower: 20, upper: 30 })).toBeCloseTo(-0.1, 12);
    expect(relativeErrorToInterval(1, { lower: 0, upper: 0 })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('intervalsOverlap', () => {
  it('says whether two closed intervals share a value', () => {
    expect(intervalsOverlap({ lower: 1, upper: 2 }, { lower: 2, upper: 3 })).toBe(true);
    expect(intervalsOverlap({ lower: 1, upper: 2 }, { lower: 2.5, upper: 3 })).toBe(false);
  });
});

// Cumulative buckets: le=1 holds 2, le=2 holds 5, le=4 holds 9, +Inf holds 10 (n = 10).
const buckets = [
  { upperBound: 4, cumulativeCount: 9 },
  { upperBound: 1, cumulativeCount: 2 },
  { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 10 },
  { upperBound: 2, cumulativeCount: 5 },
];

describe('classicQuantile (Prometheus histogram_quantile, replayed)', () => {
  it.each([
    // q = 0.1: rank 1, first bucket (count 2 >= 1): 0 + (1 - 0) * 1/2.
    [0.1, 0.5],
    // q = 0.25: rank 2.5, bucket le=2 (5 >= 2.5): 1 + (2 - 1) * (2.5 - 2) / (5 - 2).
    [0.25, 1 + 0.5 / 3],
    // q = 0.5: rank 5, bucket le=2 exactly full: 1 + 1 * 3/3.
    [0.5, 2],
    // q = 0.7: rank 7, bucket le=4: 2 + 2 * (7 - 5) / (9 - 5).
    [0.7, 3],
    // q = 0.95: rank 9.5, no finite bucket reaches it: the last finite bound.
    [0.95, 4],
  ])('q = %s gives %s', (q, expected) => {
    expect(classicQuantile(buckets, q)).toBeCloseTo(expected, 12);
  });

  it('is NaN without a +Inf bucket, without observations or for q outside [0, 1]', () => {
    expect(classicQuantile([{ upperBound: 1, cumulativeCount: 3 }], 0.5)).toBeNaN();
    expect(
      classicQuantile(
        [
          { upperBound: 1, cumulativeCount: 0 },
          { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 0 },
        ],
        0.5,
      ),
    ).toBeNaN();
    expect(classicQuantile(buckets, 1.2)).toBeNaN();
  });
});

describe('classicRankBucket', () => {
  it('is the bucket that holds rank q·n, starting at 0 for the first', () => {
    expect(classicRankBucket(buckets, 0.1)).toEqual({ index: 0, lower: 0, upper: 1, inInfBucket: false });
    expect(classicRankBucket(buckets, 0.7)).toEqual({ index: 2, lower: 2, upper: 4, inInfBucket: false });
  });

  it('says when the rank is in +Inf: the error is unbounded', () => {
    expect(classicRankBucket(buckets, 0.95)).toEqual({
      index: 3,
      lower: 4,
      upper: Number.POSITIVE_INFINITY,
      inInfBucket: true,
    });
  });
});

describe('native buckets', () => {
  it('have a relative width of 2^(2^-scale) - 1', () => {
    expect(nativeBucketRelativeWidth(0)).toBe(1);
    expect(nativeBucketRelativeWidth(1)).toBeCloseTo(Math.SQRT2 - 1, 15);
    expect(nativeBucketRelativeWidth(-1)).toBe(3);
  });

  it('are (2^((i-1)/2^scale), 2^(i/2^scale)], upper bound included', () => {
    expect(nativeBucketContaining(3, 0)).toEqual({ lower: 2, upper: 4 });
    expect(nativeBucketContaining(4, 0)).toEqual({ lower: 2, upper: 4 });
    expect(nativeBucketContaining(1, 1)?.lower).toBeCloseTo(Math.SQRT1_2, 15);
    expect(nativeBucketContaining(1, 1)?.upper).toBe(1);
    const bucket = nativeBucketContaining(1.5, 1);
    expect(bucket?.lower).toBeCloseTo(Math.SQRT2, 15);
    expect(bucket?.upper).toBe(2);
    expect(nativeBucketContaining(0, 3)).toBeUndefined();
  });
});

describe('nativeRankBucket', () => {
  // Buckets (1, 2]: 1, (2, 4]: 2, (4, 8]: 0, (8, 16]: 1; count 4.
  const buckets = [
    { lower: 8, upper: 16, count: 1 },
    { lower: 1, upper: 2, count: 1 },
    { lower: 2, upper: 4, count: 2 },
    { lower: 4, upper: 8, count: 0 },
  ];

  it('walks upwards below p50: the first bucket whose running count reaches q·count', () => {
    // p25: rank 1, reached by (1, 2]. p40: rank 1.6; running 1, then 3: (2, 4].
    expect(nativeRankBucket(buckets, 4, 0.25)).toEqual({ lower: 1, upper: 2 });
    expect(nativeRankBucket(buckets, 4, 0.4)).toEqual({ lower: 2, upper: 4 });
  });

  it('walks downwards from p50, as Prometheus does: the first bucket from the top reaching (1 - q)·count', () => {
    // p50: 2 from the top; running 1 in (8, 16], 3 in (2, 4]: (2, 4].
    // p75: q·n = 3, exact [x(3), x(4)], across the empty (4, 8]. 1 from the top: (8, 16], the bucket of x(4);
    // an upward walk would stop in (2, 4], the bucket of x(3).
    expect(nativeRankBucket(buckets, 4, 0.5)).toEqual({ lower: 2, upper: 4 });
    expect(nativeRankBucket(buckets, 4, 0.75)).toEqual({ lower: 8, upper: 16 });
    expect(nativeRankBucket(buckets, 4, 0.9)).toEqual({ lower: 8, upper: 16 });
  });

  it('falls back on the last bucket walked when the buckets hold fewer than the count, and gives nothing for no data', () => {
    // Count 6 but buckets add up to 4 (opentelemetry-js#4450): p10's rank 0.6 is reached at once, p10 of count 60 never.
    expect(nativeRankBucket(buckets, 60, 0.1)).toEqual({ lower: 8, upper: 16 });
    expect(nativeRankBucket([], 0, 0.5)).toBeUndefined();
  });
});
