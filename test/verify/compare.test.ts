import { describe, expect, it } from 'vitest';
import { inconsistentSeries, scaleOf } from '../../src/verify/collect.js';
import { checkEstimates, comparePipelines, compareWithTruth, exactStats } from '../../src/verify/compare.js';
import type { Estimate, PipelineStats } from '../../src/verify/report.js';

// Every expected number below is worked by hand; the comments show the working.

const noEstimates: Estimate[] = [0.5, 0.9, 0.95, 0.99].map((quantile) => ({ quantile, estimate: Number.NaN }));

function stats(overrides: Partial<PipelineStats> = {}): PipelineStats {
  return {
    pipeline: 'direct',
    representation: 'classic',
    present: true,
    count: 10,
    sum: 1234.5,
    mean: 123.45,
    buckets: [
      { le: '100.0', count: 4 },
      { le: '1e+06', count: 9 },
      { le: '+Inf', count: 10 },
    ],
    estimates: noEstimates,
    ...overrides,
  };
}

describe('comparePipelines', () => {
  it('finds nothing when count, sum and every bucket are equal', () => {
    expect(comparePipelines('m', 'all', stats(), stats({ pipeline: 'logfire' }))).toEqual([]);
  });

  it('accepts sums equal to 1e-9 relatively and rejects larger differences', () => {
    const close = stats({ pipeline: 'logfire', sum: 1234.5 * (1 + 5e-10) });
    expect(comparePipelines('m', 'all', stats(), close)).toEqual([]);
    const far = stats({ pipeline: 'logfire', sum: 1234.6 });
    expect(comparePipelines('m', 'all', stats(), far)).toEqual([
      expect.objectContaining({ field: 'sum', expected: 1234.5, actual: 1234.6 }),
    ]);
  });

  it('names each differing and each missing bucket by its le, with both values', () => {
    const other = stats({
      pipeline: 'logfire',
      buckets: [
        { le: '100.0', count: 5 },
        { le: '+Inf', count: 10 },
      ],
    });
    const differences = comparePipelines('uploaded_file_bytes', 'file_type="small"', stats(), other);
    expect(differences).toEqual([
      expect.objectContaining({ field: 'bucket', le: '100.0', expected: 4, actual: 5 }),
      expect.objectContaining({ field: 'bucket', le: '1e+06', expected: 9 }),
    ]);
    expect(differences[1]?.message).toBe(
      'logfire: uploaded_file_bytes{file_type="small"}_bucket{le="1e+06"} missing, direct 9',
    );
  });

  describe('a native pipeline against a classic one: on what both carry', () => {
    // Classic p50 lies in (0, 10], the bucket holding rank 5 of 10; the native one in (8, 16].
    const classic = stats({
      estimates: [{ quantile: 0.5, estimate: 9, guaranteed: { lower: 0, upper: 10 } }],
    });
    const native = (lower: number, upper: number) =>
      stats({
        pipeline: 'logfire',
        representation: 'native',
        buckets: [],
        estimates: [{ quantile: 0.5, estimate: lower * 1.5, guaranteed: { lower, upper } }],
      });

    it('agrees when count and sum are equal and the guaranteed intervals share a value, buckets aside', () => {
      expect(comparePipelines('m', 'all', classic, native(8, 16))).toEqual([]);
    });

    it('names the quantile whose intervals share no value, with both representations', () => {
      expect(comparePipelines('m', 'all', classic, native(16, 32))).toEqual([
        expect.objectContaining({
          field: 'intervals-overlap',
          quantile: 0.5,
          message:
            'logfire (native): m p50 lies in [16, 32], direct (classic) in [0, 10]: the intervals share no value, so the two hold different data',
        }),
      ]);
    });

    it('still compares the count', () => {
      expect(comparePipelines('m', 'all', classic, { ...native(8, 16), count: 11 })).toEqual([
        expect.objectContaining({ field: 'count', expected: 10, actual: 11 }),
      ]);
    });
  });
});

describe('compareWithTruth', () => {
  const values = [50, 500_000, 2_000_000];
  const matching = stats({
    pipeline: 'logfire',
    count: 3,
    sum: 2_500_050,
    buckets: [
      { le: '100.0', count: 1 },
      { le: '500000.0', count: 2 },
      { le: '1e+06', count: 2 },
      { le: '+Inf', count: 3 },
    ],
  });

  it('accepts a pipeline whose count, sum and buckets are those of the values', () => {
    expect(compareWithTruth('uploaded_file_bytes', 'all', matching, values, 'obs.csv')).toEqual([]);
  });

  it('names a bucket that counts other values than the truth, with both values', () => {
    const wrong = { ...matching, buckets: [{ le: '500000.0', count: 1 }] };
    expect(compareWithTruth('uploaded_file_bytes', 'all', wrong, values, 'obs.csv')).toEqual([
      expect.objectContaining({
        field: 'bucket',
        le: '500000.0',
        expected: 2,
        actual: 1,
        message: 'logfire: uploaded_file_bytes_bucket{le="500000.0"} 1, obs.csv 2',
      }),
    ]);
  });

  it('reports a count that differs, and nothing more', () => {
    expect(compareWithTruth('m', 'route="/a"', { ...matching, count: 4 }, values, 'obs.csv')).toEqual([
      expect.objectContaining({
        field: 'count',
        expected: 3,
        actual: 4,
        message: 'logfire: m{route="/a"} count 4, obs.csv 3',
      }),
    ]);
  });
});

describe('the error model: estimates against the exact interval and their guaranteed interval', () => {
  // Four values across a gap: 2, 4 | 50, 60. Classic buckets le=10: 2, le=100: 4, +Inf: 4.
  // p50: q·n = 2, an integer: every value in [x(2), x(3)] = [4, 50] is a median. Prometheus takes
  //   the first bucket reaching rank 2 (le=10) and interpolates 0 + 10·2/2 = 10: inside, error 0,
  //   where nearest rank alone (4) would call it +150%.
  // p90: q·n = 3.6, rank 4: x(4) = 60. Bucket le=100: 10 + 90·(3.6-2)/2 = 82; error 82-60 = 22, 22/60.
  // p95: 3.8: 10 + 90·1.8/2 = 91; error 31, 31/60. p99: 3.96: 10 + 90·1.96/2 = 98.2; error 38.2.
  const exact = exactStats([60, 4, 50, 2]);
  const classic = stats({
    count: 4,
    sum: 116,
    estimates: [
      { quantile: 0.5, estimate: 10, guaranteed: { lower: 0, upper: 10 }, unbounded: false },
      { quantile: 0.9, estimate: 82, guaranteed: { lower: 10, upper: 100 }, unbounded: false },
      { quantile: 0.95, estimate: 91, guaranteed: { lower: 10, upper: 100 }, unbounded: false },
      { quantile: 0.99, estimate: 98.2, guaranteed: { lower: 10, upper: 100 }, unbounded: false },
    ],
  });

  it('gives the exact quantiles as intervals: [x(k), x(k+1)] at an integer rank', () => {
    expect(exact.quantiles).toEqual([
      { lower: 4, upper: 50 },
      { lower: 60, upper: 60 },
      { lower: 60, upper: 60 },
      { lower: 60, upper: 60 },
    ]);
    expect([exact.count, exact.sum, exact.mean]).toEqual([4, 116, 29]);
  });

  it('measures each error as the distance to the exact interval, 0 inside it', () => {
    const { errors, disagreements } = checkEstimates('m', 'all', classic, exact);
    expect(disagreements).toEqual([]);
    expect(errors.map((error) => error.absolute)).toEqual([0, 22, 31, expect.closeTo(38.2, 9)]);
    expect(errors[0]?.relative).toBe(0);
    expect(errors[1]?.relative).toBeCloseTo(22 / 60, 12);
    expect(errors[3]?.relative).toBeCloseTo(38.2 / 60, 12);
    expect(errors[1]).toMatchObject({ guaranteed: { lower: 10, upper: 100 }, exact: { lower: 60, upper: 60 } });
  });

  it('flags an estimate outside the bucket that holds its rank, naming the check', () => {
    const broken = stats({
      ...classic,
      estimates: [{ quantile: 0.5, estimate: 12, guaranteed: { lower: 0, upper: 10 } }],
    });
    const { disagreements } = checkEstimates('m', 'all', broken, exact);
    expect(disagreements).toEqual([
      expect.objectContaining({ field: 'estimate-in-bucket', quantile: 0.5, actual: 12 }),
    ]);
    expect(disagreements[0]?.message).toContain('check failed: estimate-in-bucket');
  });

  it('flags a true quantile outside that bucket: the buckets do not hold the recorded values', () => {
    // Were the buckets le=1: 2, le=100: 4, p50's bucket would be (0, 1], and [4, 50] lies above it.
    const shifted = stats({
      ...classic,
      estimates: [{ quantile: 0.5, estimate: 1, guaranteed: { lower: 0, upper: 1 } }],
    });
    const { disagreements } = checkEstimates('m', 'all', shifted, exact);
    expect(disagreements).toEqual([expect.objectContaining({ field: 'truth-in-bucket', against: 'truth' })]);
  });

  it('says an estimate in +Inf is unbounded, and measures its error all the same', () => {
    // Values 5, 500, 600, 700; buckets le=10: 1, le=100: 1, +Inf: 4. p50: rank 2 lies in +Inf, so
    // Prometheus returns the last finite bound, 100; the exact median is [500, 600]: error -400, -80%.
    const inInf = stats({
      count: 4,
      sum: 1805,
      estimates: [{ quantile: 0.5, estimate: 100, guaranteed: { lower: 100, upper: Infinity }, unbounded: true }],
    });
    const { errors, disagreements } = checkEstimates('m', 'all', inInf, exactStats([5, 500, 600, 700]));
    expect(disagreements).toEqual([]);
    expect(errors[0]).toMatchObject({ unbounded: true, absolute: -400, relative: -0.8 });
  });

  it('gives every estimate its interval without a truth, and measures nothing', () => {
    const { errors } = checkEstimates('m', 'all', classic, undefined);
    expect(errors).toHaveLength(4);
    expect(errors.every((error) => error.exact === undefined && error.relative === undefined)).toBe(true);
  });

  it('gives a native estimate the relative width of its scale as its bound', () => {
    // Scale 3: 2^(2^-3) - 1 = 0.0905.
    const native = stats({
      representation: 'native',
      buckets: [],
      relativeErrorBound: 2 ** (1 / 8) - 1,
      estimates: [{ quantile: 0.5, estimate: 10, guaranteed: { lower: 2 ** (26 / 8), upper: 2 ** (27 / 8) } }],
    });
    const [error] = checkEstimates('m', 'all', native, undefined).errors;
    expect(error?.bound).toBeCloseTo(0.0905, 4);
  });
});

describe('native histogram scale', () => {
  it('is read off a bucket width: upper/lower = 2^(2^-scale)', () => {
    for (const scale of [0, 1, 3, 4, 8]) {
      const lower = 2 ** (5 * 2 ** -scale);
      const upper = lower * 2 ** (2 ** -scale);
      expect(scaleOf([{ lower, upper }])).toBe(scale);
    }
    expect(scaleOf([])).toBeUndefined();
  });
});

describe('native histograms whose buckets do not add up to their count', () => {
  it('are found series by series, with both numbers; a float sum of counts equal to the count is not', () => {
    const series = (count: number, counts: number[]) => ({
      labels: { job: String(count) },
      value: Number.NaN,
      histogram: { count, sum: 1, buckets: counts.map((c, i) => ({ lower: 2 ** i, upper: 2 ** (i + 1), count: c })) },
    });
    // 3 + 4 = 7 against a count of 9: two observations in no bucket. 0.1 + 0.2 against 0.3 is float noise.
    expect(inconsistentSeries([series(9, [3, 4]), series(7, [3, 4]), series(0.3, [0.1, 0.2])])).toEqual([
      { labels: { job: '9' }, count: 9, bucketTotal: 7 },
    ]);
    expect(inconsistentSeries([{ labels: {}, value: 5 }])).toEqual([]);
  });
});
