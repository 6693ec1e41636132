import { describe, expect, it } from 'vitest';
import {
  classicFraction,
  classicFractionInterval,
  exactFraction,
  isClassicBoundary,
  isNativeBoundary,
  nativeFraction,
  nativeFractionInterval,
} from '../../src/histogram/fractions.js';
import {
  type ClassicBucket,
  type Interval,
  type NativeBucket,
  nativeBucketContaining,
} from '../../src/histogram/quantiles.js';
import { forRandomCases } from '../helpers/property.js';

// Every expected value below is worked by hand from Prometheus' BucketFraction / HistogramFraction
// (promql/quantile.go, v3.16) and the bucket definitions, in the comments.

/** le=1: 2, le=5: 6, le=10: 9, +Inf: 10; own counts (0,1]: 2, (1,5]: 4, (5,10]: 3, (10,+Inf): 1. */
const CLASSIC: ClassicBucket[] = [
  { upperBound: 1, cumulativeCount: 2 },
  { upperBound: 5, cumulativeCount: 6 },
  { upperBound: 10, cumulativeCount: 9 },
  { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 10 },
];

describe('classicFraction and classicFractionInterval', () => {
  it('is bucket(le=VALUE)/count at a boundary, an interval of one point', () => {
    expect(classicFraction(CLASSIC, 5)).toBe(0.6);
    expect(classicFractionInterval(CLASSIC, 5)).toEqual({ lower: 0.6, upper: 0.6 });
    expect(isClassicBoundary(CLASSIC, 5)).toBe(true);
  });

  it('interpolates linearly between boundaries, within [cum(lower), cum(upper)]/count', () => {
    // 3 lies in (1, 5] holding 4: 2 + 4 * (3 - 1) / (5 - 1) = 4 of 10.
    expect(classicFraction(CLASSIC, 3)).toBe(0.4);
    expect(classicFractionInterval(CLASSIC, 3)).toEqual({ lower: 0.2, upper: 0.6 });
    expect(isClassicBoundary(CLASSIC, 3)).toBe(false);
    // 0.5 lies in the first bucket, taken from 0: 2 * 0.5 / 1 = 1 of 10.
    expect(classicFraction(CLASSIC, 0.5)).toBe(0.1);
    expect(classicFractionInterval(CLASSIC, 0.5)).toEqual({ lower: 0, upper: 0.2 });
  });

  it('adds nothing of +Inf: above the last finite bound the share is that bound’s', () => {
    expect(classicFraction(CLASSIC, 20)).toBe(0.9);
    expect(classicFractionInterval(CLASSIC, 20)).toEqual({ lower: 0.9, upper: 1 });
  });

  it('is 0 at 0 and below, where the first bucket may still hold zeros', () => {
    expect(classicFraction(CLASSIC, 0)).toBe(0);
    expect(classicFractionInterval(CLASSIC, 0)).toEqual({ lower: 0, upper: 0.2 });
    expect(classicFraction(CLASSIC, -1)).toBe(0);
    expect(classicFractionInterval(CLASSIC, -1)).toEqual({ lower: 0, upper: 0 });
  });

  it('counts a first bucket from -Inf whole when its bound is not above 0', () => {
    // le=-1: 3, le=2: 5, +Inf: 5; -5 lies in (-Inf, -1]: Prometheus counts it whole, 3 of 5.
    const buckets = [
      { upperBound: -1, cumulativeCount: 3 },
      { upperBound: 2, cumulativeCount: 5 },
      { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 5 },
    ];
    expect(classicFraction(buckets, -5)).toBe(0.6);
    expect(classicFractionInterval(buckets, -5)).toEqual({ lower: 0, upper: 0.6 });
  });

  it('is NaN without observations or without a +Inf bucket', () => {
    expect(classicFraction([{ upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 0 }], 1)).toBeNaN();
    expect(classicFraction([{ upperBound: 1, cumulativeCount: 3 }], 1)).toBeNaN();
    expect(classicFractionInterval([{ upperBound: 1, cumulativeCount: 3 }], 1)).toBeUndefined();
  });
});

describe('nativeFraction and nativeFractionInterval', () => {
  // Scale 0: buckets (1, 2] and (2, 4], 4 each, and 2 in the zero bucket; only positive buckets,
  // so the zero bucket is taken from 0.
  const histogram = {
    count: 10,
    sum: 30,
    buckets: [
      { lower: 1, upper: 2, count: 4 },
      { lower: 2, upper: 4, count: 4 },
      { lower: -1e-128, upper: 1e-128, count: 2 },
    ],
  };

  it('is exact at a bucket boundary', () => {
    // 2 + 4 at or below 2; the next bucket starts at 2.
    expect(nativeFraction(histogram, 2)).toBe(0.6);
    expect(nativeFractionInterval(histogram, 2)).toEqual({ lower: 0.6, upper: 0.6 });
    expect(isNativeBoundary(2, 0)).toBe(true);
    expect(isNativeBoundary(3, 0)).toBe(false);
  });

  it('interpolates on a logarithmic scale inside an exponential bucket', () => {
    // 2^1.5 lies halfway through (2, 4] in log2: 6 + 4 * 0.5 = 8 of 10 (linear would give 6 + 4 * 0.414).
    expect(nativeFraction(histogram, 2 ** 1.5)).toBeCloseTo(0.8, 15);
    expect(nativeFractionInterval(histogram, 2 ** 1.5)).toEqual({ lower: 0.6, upper: 1 });
    // 2^0.25 is a quarter through (1, 2]: 2 + 4 * 0.25 = 3 of 10.
    expect(nativeFraction(histogram, 2 ** 0.25)).toBeCloseTo(0.3, 15);
  });

  it('counts the zero bucket whole above it, and nothing of a bucket starting above the threshold', () => {
    expect(nativeFraction(histogram, 0.5)).toBe(0.2);
    expect(nativeFractionInterval(histogram, 0.5)).toEqual({ lower: 0.2, upper: 0.2 });
  });

  it('mirrors the interpolation in a negative bucket', () => {
    // [-4, -2): 2, (1, 2]: 2. -2^1.5 is halfway through [-4, -2) in log2: 2 * 0.5 = 1 of 4.
    const negative = {
      count: 4,
      sum: -3,
      buckets: [
        { lower: -4, upper: -2, count: 2 },
        { lower: 1, upper: 2, count: 2 },
      ],
    };
    expect(nativeFraction(negative, -(2 ** 1.5))).toBeCloseTo(0.25, 15);
    expect(nativeFractionInterval(negative, -(2 ** 1.5))).toEqual({ lower: 0, upper: 0.5 });
  });

  it('interpolates linearly in a zero bucket between negative and positive buckets', () => {
    // [-2, -1): 1, [-0.001, 0.001]: 2, (1, 2]: 1; 0 is halfway through the zero bucket: 1 + 2 * 0.5 = 2 of 4.
    const both = {
      count: 4,
      sum: 0,
      buckets: [
        { lower: -2, upper: -1, count: 1 },
        { lower: -0.001, upper: 0.001, count: 2 },
        { lower: 1, upper: 2, count: 1 },
      ],
    };
    expect(nativeFraction(both, 0)).toBe(0.5);
    expect(nativeFractionInterval(both, 0)).toEqual({ lower: 0.25, upper: 0.75 });
  });

  it('widens the upper end by observations the buckets do not account for', () => {
    // count 5, buckets add up to 4 (opentelemetry-js#4450): the fifth may be anywhere.
    expect(nativeFractionInterval({ count: 5, sum: 1, buckets: [{ lower: 1, upper: 2, count: 4 }] }, 1.5)).toEqual({
      lower: 0,
      upper: 1,
    });
  });
});

describe('exactFraction', () => {
  it('counts the values at or below the threshold', () => {
    expect(exactFraction([1, 2, 2, 5], 2)).toBe(0.75);
    expect(exactFraction([], 2)).toBeNaN();
  });
});

/** Prometheus' estimate (to float noise) and the exact share lie in the guaranteed interval. */
function expectBothInside(interval: Interval | undefined, estimate: number, exact: number, where: string): void {
  const context = `${where}: interval ${JSON.stringify(interval)}`;
  expect(interval, context).toBeDefined();
  const { lower, upper } = interval as Interval;
  expect(estimate >= lower - 1e-12 && estimate <= upper + 1e-12, `estimate ${estimate}, ${context}`).toBe(true);
  expect(exact >= lower && exact <= upper, `exact ${exact}, ${context}`).toBe(true);
}

describe('on random histograms built from known values (property)', () => {
  it("has Prometheus' classic estimate and the exact share inside the guaranteed interval", () => {
    forRandomCases(1000, (random) => {
      const bounds = [
        ...new Set(
          Array.from({ length: random.integer(1, 8) }, () => Number(random.uniform(0.001, 100).toPrecision(3))),
        ),
      ].sort((a, b) => a - b);
      const values = Array.from({ length: random.integer(1, 60) }, () =>
        random.next() < 0.2 ? (bounds[random.integer(0, bounds.length - 1)] as number) : random.uniform(0, 130),
      );
      const buckets = [...bounds, Number.POSITIVE_INFINITY].map((upperBound) => ({
        upperBound,
        cumulativeCount: values.filter((value) => value <= upperBound).length,
      }));
      const thresholds = [
        random.uniform(-5, 140),
        bounds[random.integer(0, bounds.length - 1)] as number,
        values[random.integer(0, values.length - 1)] as number,
        0,
      ];
      for (const threshold of thresholds) {
        expectBothInside(
          classicFractionInterval(buckets, threshold),
          classicFraction(buckets, threshold),
          exactFraction(values, threshold),
          `threshold ${threshold}, bounds ${bounds}, values ${values}`,
        );
      }
    });
  });

  it("has Prometheus' native estimate and the exact share inside the guaranteed interval (schemas -4 to 8)", () => {
    forRandomCases(1000, (random) => {
      const scale = random.integer(-4, 8);
      const zeroThreshold = random.next() < 0.5 ? 1e-128 : 0.01;
      const values = Array.from({ length: random.integer(1, 60) }, () => {
        const pick = random.next();
        if (pick < 0.1) return 0;
        const magnitude = 2 ** random.uniform(-8, 12);
        return pick < 0.3 ? -magnitude : magnitude;
      });
      const buckets = new Map<string, NativeBucket>();
      for (const value of values) {
        let bucket: { lower: number; upper: number };
        if (Math.abs(value) <= zeroThreshold) bucket = { lower: -zeroThreshold, upper: zeroThreshold };
        else {
          const around = nativeBucketContaining(Math.abs(value), scale) as { lower: number; upper: number };
          bucket = value > 0 ? around : { lower: -around.upper, upper: -around.lower };
        }
        const key = `${bucket.lower}`;
        buckets.set(key, { ...bucket, count: (buckets.get(key)?.count ?? 0) + 1 });
      }
      const histogram = { count: values.length, sum: 1, buckets: [...buckets.values()] };
      const someBucket = [...buckets.values()][random.integer(0, buckets.size - 1)] as NativeBucket;
      const thresholds = [
        random.uniform(-5000, 5000),
        someBucket.lower,
        someBucket.upper,
        values[random.integer(0, values.length - 1)] as number,
        0,
      ];
      for (const threshold of thresholds) {
        expectBothInside(
          nativeFractionInterval(histogram, threshold),
          nativeFraction(histogram, threshold),
          exactFraction(values, threshold),
          `threshold ${threshold}, scale ${scale}, values ${values}`,
        );
      }
    });
  });
});
