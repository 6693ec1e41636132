// Issue 19: verify said "the intervals share no value, so the two hold different data" between a
// native and a classic pipeline holding the very same observations, in 10 of 26 live runs. When q·n
// is an integer k, Prometheus' classic estimate lies in the bucket of x(k) and its native one (from
// p50, walking down from the top) in the bucket of x(k+1); both are valid q-quantiles.
import { describe, expect, it } from 'vitest';
import {
  classicGuaranteedInterval,
  classicPickedBucket,
  nativeGuaranteedInterval,
  nativePickedBucket,
  relativeErrorToInterval,
} from '../../src/histogram/quantiles.js';
import { checkEstimates, comparePipelines, exactStats } from '../../src/verify/compare.js';
import type { PipelineStats } from '../../src/verify/report.js';

// Eight values; p50: q·n = 4, so every value of [x(4), x(5)] = [3.9, 6] is a median.
const values = [1, 2, 3, 3.9, 6, 7, 8, 9];
const sum = 39.9;

// Classic layout le = 3.95, 10, +Inf: cumulative 4, 8, 8. Prometheus: rank 4 is reached by le=3.95,
// estimate 0 + 3.95 * 4/4 = 3.95, in (0, 3.95], the bucket of x(4).
const classicBuckets = [
  { upperBound: 3.95, cumulativeCount: 4 },
  { upperBound: 10, cumulativeCount: 8 },
  { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 8 },
];
// Native scale 0: (0.5, 1] 1, (1, 2] 1, (2, 4] 2 (3 and 3.9), (4, 8] 3, (8, 16] 1. Prometheus from p50
// walks down: (8, 16] then (4, 8] reaches (1 - 0.5) * 8 = 4: estimate 4 (fraction 0), in (4, 8], the
// bucket of x(5). (0, 3.95] and (4, 8] share no value.
const nativeBuckets = [
  { lower: 0.5, upper: 1, count: 1 },
  { lower: 1, upper: 2, count: 1 },
  { lower: 2, upper: 4, count: 2 },
  { lower: 4, upper: 8, count: 3 },
  { lower: 8, upper: 16, count: 1 },
];

function pipeline(name: string, representation: 'classic' | 'native', estimate: number): PipelineStats {
  const guaranteed =
    representation === 'classic'
      ? classicGuaranteedInterval(classicBuckets, 0.5)
      : nativeGuaranteedInterval(nativeBuckets, 8, 0.5);
  return {
    pipeline: name,
    representation,
    present: true,
    count: 8,
    sum,
    mean: sum / 8,
    buckets: [],
    estimates: [{ quantile: 0.5, estimate, ...(guaranteed ? { guaranteed } : {}) }],
  };
}

describe('an integer rank between a classic and a native pipeline', () => {
  const direct = pipeline('direct', 'classic', 3.95);
  const native = pipeline('native', 'native', 4);

  it('gives each pipeline an interval that covers both buckets: classic (0, 10], native (2, 8]', () => {
    expect(direct.estimates[0]?.guaranteed).toEqual({ lower: 0, upper: 10, inInfBucket: false });
    expect(native.estimates[0]?.guaranteed).toEqual({ lower: 2, upper: 8 });
  });

  it('is no disagreement, and each estimate lies in its interval with the exact median', () => {
    expect(comparePipelines('m', 'all', direct, native)).toEqual([]);
    const exact = exactStats(values);
    expect(exact.quantiles[0]).toEqual({ lower: 3.9, upper: 6 });
    for (const stats of [direct, native]) {
      const { disagreements } = checkEstimates('m', 'all', stats, { ...exact, quantiles: exact.quantiles.slice(0, 1) });
      expect(disagreements).toEqual([]);
    }
  });

  it("gives doctor's quantile-error the bucket each walk stops in, inside that interval and holding one end of the exact median (issue 19 item 5)", () => {
    // Doctor bounds the error by the bucket Prometheus' walk stops in (src/histogram, the same walks):
    // classic (0, 3.95] holds x(4) = 3.9, native (4, 8] holds x(5) = 6; each lies in its pipeline's interval.
    const classic = classicPickedBucket(classicBuckets, 0.5);
    const nativeBucket = nativePickedBucket(nativeBuckets, 8, 0.5);
    expect(classic).toEqual({ lower: 0, upper: 3.95, inInfBucket: false });
    expect(nativeBucket).toEqual({ lower: 4, upper: 8, count: 3 });
    // Advise measures its replayed estimates against the same exact interval as verify: 0 inside it.
    expect(relativeErrorToInterval(3.95, { lower: 3.9, upper: 6 })).toBe(0);
    expect(relativeErrorToInterval(4, { lower: 3.9, upper: 6 })).toBe(0);
  });
});
