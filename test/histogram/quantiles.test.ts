import { describe, expect, it } from 'vitest';
import {
  classicGuaranteedInterval,
  classicQuantile,
  exactQuantileInterval,
  intervalsOverlap,
  nativeBucketContaining,
  nativeBucketRelativeWidth,
  nativeGuaranteedInterval,
  nativeQuantile,
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

  it('is NaN without a +Inf bucket or without observations, ±Inf for q outside [0, 1] (as Prometheus)', () => {
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
    expect(classicQuantile(buckets, 1.2)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('classicGuaranteedInterval', () => {
  it('is the bucket that holds rank q·n, starting at 0 for the first', () => {
    // p10: rank 1 is inside le=1 (cumulative 2).
    expect(classicGuaranteedInterval(buckets, 0.1)).toEqual({ lower: 0, upper: 1, inInfBucket: false });
    // p65: rank 6.5 lies in (2, 4] only.
    expect(classicGuaranteedInterval(buckets, 0.65)).toEqual({ lower: 2, upper: 4, inInfBucket: false });
  });

  it('spans the buckets of x(k) and x(k+1) when q·n is an integer k on a bucket edge', () => {
    // p50: rank 5 = le=2's cumulative count, so x(5) is in (1, 2] and x(6) in (2, 4]: both are medians.
    expect(classicGuaranteedInterval(buckets, 0.5)).toEqual({ lower: 1, upper: 4, inInfBucket: false });
    // p20: rank 2 = le=1's count; x(3) is in (1, 2].
    expect(classicGuaranteedInterval(buckets, 0.2)).toEqual({ lower: 0, upper: 2, inInfBucket: false });
    // p70: rank 7 is inside (2, 4] (cumulative 5 then 9): x(7) and x(8) are both there.
    expect(classicGuaranteedInterval(buckets, 0.7)).toEqual({ lower: 2, upper: 4, inInfBucket: false });
  });

  it('says when the interval reaches into +Inf: the error is unbounded', () => {
    expect(classicGuaranteedInterval(buckets, 0.95)).toEqual({
      lower: 4,
      upper: Number.POSITIVE_INFINITY,
      inInfBucket: true,
    });
    // p90: rank 9 = le=4's count: x(9) is in (2, 4], x(10) in +Inf.
    expect(classicGuaranteedInterval(buckets, 0.9)).toEqual({
      lower: 2,
      upper: Number.POSITIVE_INFINITY,
      inInfBucket: true,
    });
  });

  it('treats q·n within float noise of an integer as that integer (0.07 × 100 = 7.000000000000001)', () => {
    // 100 observations: le=1 holds 7, le=2 the rest.
    const seven = [
      { upperBound: 1, cumulativeCount: 7 },
      { upperBound: 2, cumulativeCount: 100 },
      { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 100 },
    ];
    expect(classicGuaranteedInterval(seven, 0.07)).toEqual({ lower: 0, upper: 2, inInfBucket: false });
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

describe('nativeGuaranteedInterval', () => {
  // Buckets (1, 2]: 1, (2, 4]: 2, (4, 8]: 0, (8, 16]: 1; count 4.
  const buckets = [
    { lower: 8, upper: 16, count: 1 },
    { lower: 1, upper: 2, count: 1 },
    { lower: 2, upper: 4, count: 2 },
    { lower: 4, upper: 8, count: 0 },
  ];

  it('is the bucket holding x(⌈q·n⌉) when q·n is not an integer', () => {
    // p40: rank 1.6 -> x(2), in (2, 4]. p90: rank 3.6 -> x(4), in (8, 16].
    expect(nativeGuaranteedInterval(buckets, 4, 0.4)).toEqual({ lower: 2, upper: 4 });
    expect(nativeGuaranteedInterval(buckets, 4, 0.9)).toEqual({ lower: 8, upper: 16 });
  });

  it('spans the buckets of x(k) and x(k+1) when q·n = k: the upward and the downward walk stop in either', () => {
    // p25: k = 1: x(1) in (1, 2], x(2) in (2, 4]. p75: k = 3: x(3) in (2, 4], x(4) in (8, 16], across the empty (4, 8].
    expect(nativeGuaranteedInterval(buckets, 4, 0.25)).toEqual({ lower: 1, upper: 4 });
    expect(nativeGuaranteedInterval(buckets, 4, 0.75)).toEqual({ lower: 2, upper: 16 });
    // p50: k = 2: x(2) and x(3) both in (2, 4].
    expect(nativeGuaranteedInterval(buckets, 4, 0.5)).toEqual({ lower: 2, upper: 4 });
  });

  it('falls back on the last bucket each walk reaches when the buckets hold fewer than the count, and gives nothing for no data', () => {
    // Count 60 but buckets add up to 4 (opentelemetry-js#4450): p10's rank 6 is never reached upwards (last: (8, 16]),
    // nor 54 downwards (last: (1, 2]).
    expect(nativeGuaranteedInterval(buckets, 60, 0.1)).toEqual({ lower: 1, upper: 16 });
    expect(nativeGuaranteedInterval([], 0, 0.5)).toBeUndefined();
  });
});

describe('nativeQuantile (Prometheus histogram_quantile over native buckets, replayed)', () => {
  it('interpolates on a log scale, counting from the top from the median up (promql/quantile.go)', () => {
    // Four values in (2, 4]. p50: rank (1-0.5)*4 = 2 from the top, fraction (4-2)/4 = 0.5 -> 2^(1 + 0.5);
    // p25 counts from the bottom: rank 1, fraction 1/4 -> 2^1.25.
    const four = { count: 4, sum: 12, buckets: [{ lower: 2, upper: 4, count: 4 }] };
    expect(nativeQuantile(four, 0.5)).toBeCloseTo(2 ** 1.5, 12);
    expect(nativeQuantile(four, 0.25)).toBeCloseTo(2 ** 1.25, 12);
    // (1, 2] holds 1, (2, 4] holds 3. p90 from the top: rank 0.4 of (2, 4]'s 3, fraction (3 - 0.4)/3.
    const two = {
      count: 4,
      sum: 10,
      buckets: [
        { lower: 1, upper: 2, count: 1 },
        { lower: 2, upper: 4, count: 3 },
      ],
    };
    expect(nativeQuantile(two, 0.9)).toBeCloseTo(2 ** (1 + 2.6 / 3), 12);
  });

  it('interpolates linearly in the zero bucket, from 0 when there are only positive buckets', () => {
    // Zero bucket [-0.5, 0.5] holds 2, (1, 2] holds 2. p25: rank 1 of the zero bucket's 2, from 0: 0 + 0.5 * 1/2.
    const histogram = {
      count: 4,
      sum: 3,
      buckets: [
        { lower: -0.5, upper: 0.5, count: 2 },
        { lower: 1, upper: 2, count: 2 },
      ],
    };
    expect(nativeQuantile(histogram, 0.25)).toBeCloseTo(0.25, 12);
  });

  it('mirrors the log interpolation in negative buckets', () => {
    // [-4, -2) holds 4. p25 upwards: rank 1, fraction 1/4: -(2^(1 + (2 - 1) * (1 - 1/4))) = -2^1.75.
    const histogram = { count: 4, sum: -12, buckets: [{ lower: -4, upper: -2, count: 4 }] };
    expect(nativeQuantile(histogram, 0.25)).toBeCloseTo(-(2 ** 1.75), 12);
  });

  it('is NaN without observations, ±Inf for q outside [0, 1]', () => {
    expect(nativeQuantile({ count: 0, sum: 0, buckets: [] }, 0.5)).toBeNaN();
    expect(nativeQuantile({ count: 1, sum: 1, buckets: [{ lower: 0.5, upper: 1, count: 1 }] }, 1.5)).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});
