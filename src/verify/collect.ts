/**
 * Reads one pipeline's histogram of one metric from the server, in every representation it is held
 * in (classic `_bucket`/`_sum`/`_count` series, native histogram samples, or both), per scope.
 */
import {
  classicFractionInterval,
  isClassicBoundary,
  isNativeBoundary,
  nativeFractionInterval,
} from '../histogram/fractions.js';
import {
  type ClassicBucket,
  classicGuaranteedInterval,
  nativeBucketRelativeWidth,
  nativeGuaranteedInterval,
} from '../histogram/quantiles.js';
import type { Pipeline } from '../pipelines/registry.js';
import { byLe, parseLe } from '../prometheus/le.js';
import type { NativeHistogram, PrometheusClient, Sample } from '../prometheus/PrometheusClient.js';
import { verifyClassicQueries, verifyNativeQueries } from '../promql/verify.js';
import type { BucketCount, Estimate, FractionEstimate, PipelineStats, Representation, ValueUnit } from './report.js';
import { REPORT_QUANTILES } from './report.js';

/** A metric to verify: its base name (`$metric` of the templates) and, given a truth, its column there. */
export interface VerifyMetric {
  readonly name: string;
  readonly column?: string;
  readonly unit: ValueUnit;
  /** Thresholds whose share of observations at or below is reported (`--threshold METRIC=VALUE`). */
  readonly thresholds?: readonly number[];
}

/** The unit a metric's name says (Prometheus naming conventions), for printing. */
export function unitOfName(name: string): ValueUnit {
  if (name.endsWith('_bytes')) return 'bytes';
  if (name.endsWith('_seconds')) return 'seconds';
  return 'other';
}

/** `all`, or one value of one label. */
export interface Scope {
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
}

export const ALL: Scope = { key: 'all', labels: {} };

export function labelScope(label: string, value: string): Scope {
  return { key: `${label}=${JSON.stringify(value)}`, labels: { [label]: value } };
}

/** A native histogram series whose bucket counts do not add up to its count (opentelemetry-js#4450). */
export interface InconsistentSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly count: number;
  readonly bucketTotal: number;
}

export interface CollectedPipeline {
  readonly pipeline: Pipeline;
  readonly representations: readonly Representation[];
  /** Scope key -> one entry per representation held. */
  readonly byScope: ReadonlyMap<string, readonly PipelineStats[]>;
  /** Scope key -> the label values the server holds (besides the truth's). */
  readonly scopesSeen: readonly Scope[];
  readonly inconsistent: readonly InconsistentSeries[];
  /** Classic series that hold nothing but a `+Inf` bucket: exponential histograms over a text scrape. */
  readonly onlyInfBucket: boolean;
  /** Series under the metric's own name that hold plain values, not histograms: a gauge or a counter. */
  readonly floatSeries: number;
}

/** The scale of a native histogram, read off a bucket's width: upper/lower = 2^(2^-scale). */
export function scaleOf(buckets: readonly { lower: number; upper: number }[]): number | undefined {
  const bucket = buckets.find((entry) => entry.lower > 0 && entry.upper > entry.lower);
  if (!bucket) return undefined;
  return Math.round(Math.log2(1 / Math.log2(bucket.upper / bucket.lower)));
}

function scopeOf(sample: Sample, by: readonly string[]): Scope {
  const [label] = by;
  return label === undefined ? ALL : labelScope(label, sample.labels[label] ?? '');
}

function matches(labels: Readonly<Record<string, string>>, scope: Scope): boolean {
  return Object.entries(scope.labels).every(([name, value]) => (labels[name] ?? '') === value);
}

const mean = (count: number, sum: number) => (count > 0 ? sum / count : Number.NaN);

async function collectClassic(
  client: PrometheusClient,
  pipeline: Pipeline,
  metric: VerifyMetric,
  by: readonly string[],
): Promise<Map<string, { scope: Scope; stats: PipelineStats }>> {
  const queries = verifyClassicQueries(pipeline, metric.name, by);
  const thresholds = metric.thresholds ?? [];
  const [[counts, sums, buckets, ...quantiles], fractions] = await Promise.all([
    Promise.all([
      client.query(queries.count),
      client.query(queries.sum),
      client.query(queries.buckets),
      ...REPORT_QUANTILES.map((q) => client.query(queries.quantile(q))),
    ]),
    Promise.all(thresholds.map((threshold) => client.query(queries.fraction(threshold)))),
  ]);
  const result = new Map<string, { scope: Scope; stats: PipelineStats }>();
  const scopes = new Map(buckets.map((sample) => [scopeOf(sample, by).key, scopeOf(sample, by)] as const));
  for (const scope of scopes.values()) {
    const find = (samples: readonly Sample[]) => samples.find((sample) => scopeOf(sample, by).key === scope.key);
    const count = find(counts)?.value ?? Number.NaN;
    const sum = find(sums)?.value ?? Number.NaN;
    const bucketCounts: BucketCount[] = buckets
      .filter((sample) => scopeOf(sample, by).key === scope.key)
      .map((sample) => ({ le: sample.labels.le ?? '', count: sample.value }))
      .sort((a, b) => byLe(a.le, b.le));
    const classic: ClassicBucket[] = bucketCounts.map((b) => ({ upperBound: parseLe(b.le), cumulativeCount: b.count }));
    const estimates: Estimate[] = REPORT_QUANTILES.map((quantile, index) => {
      const bucket = classicGuaranteedInterval(classic, quantile);
      return {
        quantile,
        estimate: find(quantiles[index] ?? [])?.value ?? Number.NaN,
        ...(bucket ? { guaranteed: { lower: bucket.lower, upper: bucket.upper }, unbounded: bucket.inInfBucket } : {}),
      };
    });
    const shares: FractionEstimate[] = thresholds.map((threshold, index) => {
      const interval = classicFractionInterval(classic, threshold);
      return {
        threshold,
        estimate: find(fractions[index] ?? [])?.value ?? Number.NaN,
        ...(interval ? { interval } : {}),
        boundary: isClassicBoundary(classic, threshold),
      };
    });
    result.set(scope.key, {
      scope,
      stats: {
        pipeline: pipeline.name,
        representation: 'classic',
        present: true,
        count,
        sum,
        mean: mean(count, sum),
        buckets: bucketCounts,
        estimates,
        fractions: shares,
      },
    });
  }
  return result;
}

async function collectNative(
  client: PrometheusClient,
  pipeline: Pipeline,
  metric: VerifyMetric,
  by: readonly string[],
  series: readonly Sample[],
): Promise<Map<string, { scope: Scope; stats: PipelineStats }>> {
  const queries = verifyNativeQueries(pipeline, metric.name, by);
  const thresholds = metric.thresholds ?? [];
  const [[histograms, ...quantiles], fractions] = await Promise.all([
    Promise.all([client.query(queries.histogram), ...REPORT_QUANTILES.map((q) => client.query(queries.quantile(q)))]),
    Promise.all(thresholds.map((threshold) => client.query(queries.fraction(threshold)))),
  ]);
  const result = new Map<string, { scope: Scope; stats: PipelineStats }>();
  for (const sample of histograms) {
    const histogram = sample.histogram;
    if (!histogram) continue;
    const scope = scopeOf(sample, by);
    const scales = [
      ...new Set(
        series
          .filter((one) => one.histogram && matches(one.labels, scope))
          .map((one) => scaleOf(one.histogram?.buckets ?? []))
          .filter((scale): scale is number => scale !== undefined),
      ),
    ].sort((a, b) => a - b);
    const estimates: Estimate[] = REPORT_QUANTILES.map((quantile, index) => {
      const bucket = nativeGuaranteedInterval(histogram.buckets, histogram.count, quantile);
      const estimate = quantiles[index]?.find((one) => scopeOf(one, by).key === scope.key)?.value ?? Number.NaN;
      return { quantile, estimate, ...(bucket ? { guaranteed: bucket } : {}) };
    });
    const coarsest = scales[0];
    const shares: FractionEstimate[] = thresholds.map((threshold, index) => {
      const interval = nativeFractionInterval(histogram, threshold);
      return {
        threshold,
        estimate: fractions[index]?.find((one) => scopeOf(one, by).key === scope.key)?.value ?? Number.NaN,
        ...(interval ? { interval } : {}),
        // A bound at the coarsest scale is one at every finer scale too.
        boundary: coarsest !== undefined && isNativeBoundary(threshold, coarsest),
      };
    });
    result.set(scope.key, {
      scope,
      stats: {
        pipeline: pipeline.name,
        representation: 'native',
        present: true,
        count: histogram.count,
        sum: histogram.sum,
        mean: mean(histogram.count, histogram.sum),
        buckets: [],
        estimates,
        fractions: shares,
        scales,
        ...(coarsest === undefined ? {} : { relativeErrorBound: nativeBucketRelativeWidth(coarsest) }),
      },
    });
  }
  return result;
}

function bucketTotal(histogram: NativeHistogram): number {
  return histogram.buckets.reduce((total, bucket) => total + bucket.count, 0);
}

/**
 * Native histogram series whose bucket counts do not add up to their count (opentelemetry-js#4450
 * describes an SDK doing this). Counts are floats in the API: equal to 1e-9, relatively.
 */
export function inconsistentSeries(series: readonly Sample[]): InconsistentSeries[] {
  return series.flatMap((sample) => {
    const histogram = sample.histogram;
    if (!histogram) return [];
    const total = bucketTotal(histogram);
    if (Math.abs(total - histogram.count) <= 1e-9 * Math.max(1, histogram.count)) return [];
    return [{ labels: sample.labels, count: histogram.count, bucketTotal: total }];
  });
}

/**
 * Every scope's statistics of one metric in one pipeline, in each representation the server holds,
 * read at the client's time. `labels` are the labels that split the scopes (the truth's label columns).
 */
export async function collectPipeline(
  client: PrometheusClient,
  pipeline: Pipeline,
  metric: VerifyMetric,
  labels: readonly string[],
): Promise<CollectedPipeline> {
  const groupings: string[][] = [[], ...labels.map((label) => [label])];
  const series = await client.query(verifyNativeQueries(pipeline, metric.name, []).series);
  const [classic, native] = await Promise.all([
    Promise.all(groupings.map((by) => collectClassic(client, pipeline, metric, by))),
    Promise.all(groupings.map((by) => collectNative(client, pipeline, metric, by, series))),
  ]);
  const byScope = new Map<string, PipelineStats[]>();
  const scopesSeen = new Map<string, Scope>();
  for (const found of [...classic, ...native]) {
    for (const [key, { scope, stats }] of found) {
      byScope.set(key, [...(byScope.get(key) ?? []), stats]);
      scopesSeen.set(key, scope);
    }
  }
  const representations: Representation[] = [];
  if (classic[0]?.has(ALL.key)) representations.push('classic');
  if (native[0]?.has(ALL.key)) representations.push('native');
  const inconsistent = inconsistentSeries(series);
  const allClassic = classic[0]?.get(ALL.key)?.stats;
  return {
    pipeline,
    representations,
    byScope,
    scopesSeen: [...scopesSeen.values()],
    inconsistent,
    onlyInfBucket: allClassic?.buckets.every((bucket) => bucket.le === '+Inf') ?? false,
    floatSeries: series.filter((sample) => sample.histogram === undefined).length,
  };
}

/** The stats a pipeline shows for a scope where the server holds nothing. */
export function absentStats(pipeline: string): PipelineStats {
  return {
    pipeline,
    present: false,
    count: 0,
    sum: 0,
    mean: Number.NaN,
    buckets: [],
    estimates: REPORT_QUANTILES.map((quantile) => ({ quantile, estimate: Number.NaN })),
    fractions: [],
  };
}
