import { describe, expect, it } from 'vitest';
import {
  bucketRelativeError,
  checkAnnotations,
  checkCardinality,
  checkClassicAndNative,
  checkCountAndSum,
  checkDuplicatedUnitSuffix,
  checkInfOnly,
  checkInfShare,
  checkLayoutMismatch,
  checkLeSpelling,
  checkNativeCount,
  checkNoInfBucket,
  checkOtelDefaultBuckets,
  checkQuantileError,
  checkUnitScale,
  nativeScale,
  runChecks,
} from '../../src/doctor/checks/index.js';
import type { ClassicSeries, FamilyData, NativeSeries } from '../../src/doctor/types.js';
import { parseLe } from '../../src/prometheus/le.js';

/** A classic series from `le: cumulative count` pairs, written as a user would read /metrics. */
function classic(
  labels: Record<string, string>,
  buckets: Record<string, number>,
  extra: { count?: number | null; sum?: number | null } = {},
): ClassicSeries {
  const stored = Object.entries(buckets).map(([le, cumulativeCount]) => ({
    le,
    upperBound: parseLe(le),
    cumulativeCount,
  }));
  const inf = buckets['+Inf'];
  return {
    labels,
    buckets: stored,
    ...(extra.count === null ? {} : { count: extra.count ?? inf ?? 0 }),
    ...(extra.sum === null ? {} : { sum: extra.sum ?? 0 }),
  };
}

function family(name: string, parts: Partial<FamilyData>): FamilyData {
  return { name, classic: [], native: [], annotations: [], ...parts };
}

const TENTH = { maxError: 0.1 };
/** 2^(1/8): the ratio of consecutive bounds at native scale 3. */
const SCALE3 = 2 ** 0.125;

describe('the worst-case error of histogram_quantile', () => {
  it('is the bucket width over its lower bound: (1, 2] gives 100%, (2, 5] gives 150%', () => {
    expect(bucketRelativeError(1, 2)).toBe(1);
    expect(bucketRelativeError(2, 5)).toBe(1.5);
    expect(bucketRelativeError(0, 0.1)).toBe(Number.POSITIVE_INFINITY);
    expect(bucketRelativeError(0, 0)).toBe(0);
  });

  it('warns with the bucket of each rank: n = 10, p50 rank 5 in (1, 2], p90 rank 9 and p99 rank 9.9 in (2, 5]', () => {
    const series = classic({ instance: 'a' }, { '1': 2, '2': 5, '5': 10, '+Inf': 10 });
    const [finding] = checkQuantileError(family('x_seconds', { classic: [series] }), TENTH);
    expect(finding?.severity).toBe('warning');
    expect(finding?.evidence.p50).toEqual({ worstRelativeError: 1, bucket: [1, 2], labels: { instance: 'a' } });
    expect(finding?.evidence.p90).toMatchObject({ worstRelativeError: 1.5, bucket: [2, 5] });
    expect(finding?.evidence.p99).toMatchObject({ worstRelativeError: 1.5, bucket: [2, 5] });
    expect(checkQuantileError(family('x_seconds', { classic: [series] }), { maxError: 2 })).toEqual([]);
  });

  it('calls a rank in the first bucket (0, b] unbounded', () => {
    const series = classic({}, { '0.1': 8, '1': 10, '+Inf': 10 });
    const [finding] = checkQuantileError(family('x_seconds', { classic: [series] }), TENTH);
    expect(finding?.evidence.p50).toMatchObject({ worstRelativeError: 'unbounded', bucket: [0, 0.1] });
  });

  it('reads a native scale from the bucket bounds and takes 2^(2^-3) - 1 = 9.05% at scale 3', () => {
    const series: NativeSeries = {
      labels: {},
      histogram: {
        count: 10,
        sum: 11,
        buckets: [
          { lower: 1, upper: SCALE3, count: 4 },
          { lower: SCALE3, upper: SCALE3 ** 2, count: 6 },
        ],
      },
    };
    expect(nativeScale(series)).toBe(3);
    expect(checkQuantileError(family('n', { native: [series] }), TENTH)).toEqual([]);
    const [finding] = checkQuantileError(family('n', { native: [series] }), { maxError: 0.05 });
    expect(finding?.evidence.p50).toMatchObject({ worstRelativeError: 0.09051 });
  });

  it('finds no scale in custom native buckets (NHCB), and uses their width instead', () => {
    const series: NativeSeries = {
      labels: {},
      histogram: {
        count: 4,
        sum: 5,
        buckets: [
          { lower: 1, upper: 2, count: 2 },
          { lower: 2, upper: 5, count: 2 },
        ],
      },
    };
    expect(nativeScale(series)).toBeUndefined();
    const [finding] = checkQuantileError(family('n', { native: [series] }), TENTH);
    // From p50 Prometheus walks down from the top: rank (1 - 0.5) * 4 = 2 is reached in (2, 5], 150% wide.
    expect(finding?.evidence.p50).toMatchObject({ worstRelativeError: 1.5, bucket: [2, 5] });
  });
});

describe('bucket layouts', () => {
  it('errs on only a +Inf bucket beside _count and _sum (exponential histograms over a text scrape)', () => {
    const [finding] = checkInfOnly(family('x', { classic: [classic({ a: '1' }, { '+Inf': 42 }, { sum: 7 })] }));
    expect(finding).toMatchObject({ severity: 'error', check: 'inf-only', labels: [{ a: '1' }] });
    expect(finding?.evidence).toMatchObject({ series: 1, observations: 42 });
  });

  it('errs on a missing +Inf bucket', () => {
    expect(checkNoInfBucket(family('x', { classic: [classic({}, { '1': 1, '2': 3 })] }))[0]?.severity).toBe('error');
  });

  it("errs on OpenTelemetry's default boundaries when 90% of the values are at or below 5", () => {
    const bounds = { '0': 0, '5': 90, '10': 95, '25': 100, '50': 100, '75': 100, '100': 100, '250': 100 };
    const rest = { '500': 100, '750': 100, '1000': 100, '2500': 100, '5000': 100, '7500': 100, '10000': 100 };
    const seconds = classic({}, { ...bounds, ...rest, '+Inf': 100 }, { sum: 150 });
    const [finding] = checkOtelDefaultBuckets(family('x_seconds', { classic: [seconds] }));
    expect(finding?.evidence).toMatchObject({ shareAtOrBelowFirstBound: 0.9, shareAboveLastBound: 0, mean: 1.5 });
  });

  it("errs on OpenTelemetry's default boundaries when every value is above 10000, and not on values that fit them", () => {
    const zeros = Object.fromEntries(
      [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000].map((b) => [String(b), 0]),
    );
    const bytes = classic({}, { ...zeros, '+Inf': 20 }, { sum: 2e7 });
    expect(checkOtelDefaultBuckets(family('x_bytes', { classic: [bytes] }))[0]?.evidence).toMatchObject({
      shareAboveLastBound: 1,
      mean: 1e6,
    });
    const fitting = classic({}, { ...zeros, '5': 10, '10': 10, '25': 30, '250': 60, '10000': 100, '+Inf': 100 });
    expect(checkOtelDefaultBuckets(family('x_ms', { classic: [fitting] }))).toEqual([]);
  });

  it('warns when more than 1% of observations are in +Inf: 2 of 100 above 2', () => {
    const over = classic({ a: 'over' }, { '1': 90, '2': 98, '+Inf': 100 });
    const under = classic({ a: 'under' }, { '1': 90, '2': 199, '+Inf': 200 });
    const [finding] = checkInfShare(family('x', { classic: [over, under] }));
    expect(finding?.labels).toEqual([{ a: 'over' }]);
    expect(finding?.evidence).toMatchObject({ worstShareInInf: 0.02, lastFiniteBound: 2 });
  });

  it('warns on two layouts in one family and names the minority series', () => {
    const seed = classic({ instance: 'v1' }, { '1': 1, '5': 2, '+Inf': 3 });
    const seed2 = classic({ instance: 'v1b' }, { '1': 1, '5': 2, '+Inf': 3 });
    const fine = classic({ instance: 'v2' }, { '1': 1, '2': 1, '5': 2, '+Inf': 3 });
    const [finding] = checkLayoutMismatch(family('x', { classic: [seed, fine, seed2] }));
    expect(finding?.labels).toEqual([{ instance: 'v2' }]);
    expect(finding?.evidence.layouts).toEqual([
      { bounds: [1, 5], series: 2, example: { instance: 'v1' } },
      { bounds: [1, 2, 5], series: 1, example: { instance: 'v2' } },
    ]);
  });

  it('warns on le="1" beside le="1.0"', () => {
    const old = classic({ server: 'prometheus2' }, { '1': 1, '+Inf': 2 });
    const current = classic({ server: 'prometheus3' }, { '1.0': 1, '+Inf': 2 });
    const current2 = classic({ server: 'prometheus3b' }, { '1.0': 1, '+Inf': 2 });
    const [finding] = checkLeSpelling(family('x', { classic: [old, current, current2] }));
    expect(finding?.labels).toEqual([{ server: 'prometheus2' }]);
    expect(finding?.evidence.spellings).toEqual([['1.0', '1']]);
    expect(checkLayoutMismatch(family('x', { classic: [old, current] }))).toEqual([]);
  });

  it('warns on a missing _count and a missing _sum, separately', () => {
    const series = classic({}, { '1': 1, '+Inf': 1 }, { count: null, sum: null });
    expect(checkCountAndSum(family('x', { classic: [series] })).map((f) => f.check)).toEqual([
      'missing-count',
      'missing-sum',
    ]);
  });
});

describe('names and units', () => {
  it('warns on a duplicated unit suffix, not on a single one', () => {
    expect(checkDuplicatedUnitSuffix(family('payload_bytes_bytes', {}))[0]?.evidence).toEqual({
      suffix: '_bytes_bytes',
    });
    expect(checkDuplicatedUnitSuffix(family('http_request_duration_seconds', {}))).toEqual([]);
    expect(checkDuplicatedUnitSuffix(family('foo_bar_bar', {}))).toEqual([]);
  });

  it('warns on a seconds metric recorded in milliseconds: mean 250 "s", everything above 10', () => {
    const defaults = { '0.005': 0, '0.1': 0, '1': 0, '10': 0, '+Inf': 100 };
    const [finding] = checkUnitScale(
      family('job_duration_seconds', { classic: [classic({}, defaults, { sum: 25000 })] }),
    );
    expect(finding?.evidence).toMatchObject({ mean: 250, shareAboveLastBound: 1 });
    expect(finding?.message).toContain('mean observation 250 s');
  });

  it('warns on millisecond-sized buckets under a seconds name, and seconds-sized ones under a milliseconds name', () => {
    const msBuckets = classic({}, { '1': 1, '10': 5, '100': 9, '1000': 10, '5000': 10, '+Inf': 10 }, { sum: 300 });
    expect(checkUnitScale(family('render_seconds', { classic: [msBuckets] }))[0]?.message).toContain(
      'millisecond-sized buckets (1 to 5000)',
    );
    const secondsBuckets = classic({}, { '0.1': 1, '1': 5, '10': 10, '+Inf': 10 });
    expect(checkUnitScale(family('render_milliseconds', { classic: [secondsBuckets] }))[0]?.check).toBe('unit-scale');
    expect(checkUnitScale(family('render_seconds', { classic: [secondsBuckets] }))).toEqual([]);
    // 1 s to 8192 s with a mean of 0.5 s: long-job buckets in seconds, as Prometheus' compaction durations.
    const longJobs = classic({}, { '1': 10, '2': 10, '8192': 10, '+Inf': 10 }, { sum: 5 });
    expect(checkUnitScale(family('compaction_duration_seconds', { classic: [longJobs] }))).toEqual([]);
  });
});

describe('representations and cost', () => {
  it('says when a family is stored both as classic buckets and as native histograms', () => {
    const native: NativeSeries = { labels: {}, histogram: { count: 1, sum: 1, buckets: [] } };
    const [finding] = checkClassicAndNative(
      family('x', { classic: [classic({}, { '1': 1, '+Inf': 1 })], native: [native] }),
    );
    expect(finding).toMatchObject({ severity: 'info', evidence: { classicSeries: 1, nativeSeries: 1 } });
  });

  it('errs on native bucket counts that do not add up to the count (9 against 10)', () => {
    const native: NativeSeries = {
      labels: { a: '1' },
      histogram: { count: 10, sum: 5, buckets: [{ lower: 1, upper: SCALE3, count: 9 }] },
    };
    expect(checkNativeCount(family('x', { native: [native] }))[0]?.evidence).toEqual({
      series: 1,
      count: 10,
      bucketTotal: 9,
    });
  });

  it('counts 100 histograms of 10 buckets as 1200 series, 100 as native', () => {
    const buckets = Object.fromEntries([...Array.from({ length: 9 }, (_, i) => [String(i + 1), 1]), ['+Inf', 1]]);
    const many = Array.from({ length: 100 }, (_, i) => classic({ id: String(i) }, buckets));
    expect(checkCardinality(family('x', { classic: many }))[0]?.evidence).toEqual({
      classicSeries: 1200,
      labelSets: 100,
      bucketsPerSeries: 10,
      nativeSeries: 100,
    });
    expect(checkCardinality(family('x', { classic: many.slice(0, 50) }))).toEqual([]);
  });

  it("turns Prometheus' annotations into findings of the same severity", () => {
    const [finding] = checkAnnotations(
      family('x', {
        annotations: [
          {
            query: 'q',
            severity: 'info',
            text: 'PromQL info: input to histogram_quantile needed to be fixed for monotonicity',
          },
        ],
      }),
    );
    expect(finding).toMatchObject({ severity: 'info', check: 'promql-annotation' });
    expect(finding?.message).toContain('needed to be fixed for monotonicity');
  });

  it('finds nothing in a well-bucketed, complete family', () => {
    const fine = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [String(Number((1.05 ** (i + 1)).toPrecision(6))), (i + 1) * 10]),
    );
    const series = classic({}, { ...fine, '+Inf': 600 }, { sum: 600 });
    expect(runChecks(family('latency_seconds', { classic: [series] }), TENTH)).toEqual([]);
  });
});
