import { FILE_TYPE_LABEL, FILE_TYPES, type HistogramDefinition } from '../metrics/definitions.js';
import { exactSummary, nearestRankQuantile } from '../workload/exact.js';
import type { Upload } from '../workload/uploads.js';
import { byLe } from './le.js';
import type { PrometheusClient, Sample } from './PrometheusClient.js';
import type { PipelineSpec } from './pipelines.js';
import { type BucketCount, type ExactStats, type PipelineStats, REPORT_QUANTILES, type Scope } from './report.js';

export const SCOPES: readonly Scope[] = ['all', ...FILE_TYPES];

/** Queries of one pipeline for one metric; `by` is "" for all file types together. */
function queries(pipeline: PipelineSpec, metric: HistogramDefinition) {
  const series = `${pipeline.prefix}${metric.name}`;
  if (pipeline.kind === 'classic') {
    return {
      count: (by: string) => `sum${by} (${series}_count)`,
      sum: (by: string) => `sum${by} (${series}_sum)`,
      buckets: (by: string) => `sum by (le${by ? `, ${FILE_TYPE_LABEL}` : ''}) (${series}_bucket)`,
      quantile: (q: number, by: string) =>
        `histogram_quantile(${q}, sum by (le${by ? `, ${FILE_TYPE_LABEL}` : ''}) (${series}_bucket))`,
      histogram: undefined,
    };
  }
  return {
    count: (by: string) => `sum${by} (histogram_count(${series}))`,
    sum: (by: string) => `sum${by} (histogram_sum(${series}))`,
    buckets: undefined,
    quantile: (q: number, by: string) => `histogram_quantile(${q}, sum${by} (${series}))`,
    histogram: (by: string) => `sum${by} (${series})`,
  };
}

const BY_TYPE = ` by (${FILE_TYPE_LABEL})`;

/** Splits samples by scope: the `all` query's single sample, or each sample's file_type. */
function byScope(all: readonly Sample[], perType: readonly Sample[]): Map<Scope, Sample[]> {
  const result = new Map<Scope, Sample[]>([['all', [...all]]]);
  for (const sample of perType) {
    const scope = sample.labels[FILE_TYPE_LABEL] as Scope | undefined;
    if (scope === undefined) continue;
    result.set(scope, [...(result.get(scope) ?? []), sample]);
  }
  return result;
}

async function both(client: PrometheusClient, query: (by: string) => string): Promise<Map<Scope, Sample[]>> {
  const [all, perType] = await Promise.all([client.query(query('')), client.query(query(BY_TYPE))]);
  return byScope(all, perType);
}

/** The scale of a native histogram, read off a bucket's width: upper/lower = 2^(2^-scale). */
export function scaleOf(buckets: readonly { lower: number; upper: number }[]): number | undefined {
  const bucket = buckets.find((entry) => entry.lower > 0 && entry.upper > entry.lower);
  if (!bucket) return undefined;
  return Math.round(Math.log2(1 / Math.log2(bucket.upper / bucket.lower)));
}

/** 2^(2^-scale) - 1: how far any value in a bucket can be from another in the same bucket, relatively. */
export function relativeBucketWidth(scale: number): number {
  return 2 ** (2 ** -scale) - 1;
}

/** Every scope's statistics of one metric in one pipeline, read at the client's time. */
export async function collectPipeline(
  client: PrometheusClient,
  pipeline: PipelineSpec,
  metric: HistogramDefinition,
): Promise<Map<Scope, PipelineStats>> {
  const q = queries(pipeline, metric);
  const [counts, sums, buckets, histograms, ...quantiles] = await Promise.all([
    both(client, q.count),
    both(client, q.sum),
    q.buckets ? both(client, q.buckets) : Promise.resolve(undefined),
    q.histogram ? both(client, q.histogram) : Promise.resolve(undefined),
    ...REPORT_QUANTILES.map((quantile) => both(client, (by) => q.quantile(quantile, by))),
  ]);
  const stats = new Map<Scope, PipelineStats>();
  for (const scope of SCOPES) {
    const count = counts.get(scope)?.[0]?.value ?? 0;
    const sum = sums.get(scope)?.[0]?.value ?? 0;
    const bucketCounts: BucketCount[] = (buckets?.get(scope) ?? [])
      .map((sample) => ({ le: sample.labels.le ?? '', count: sample.value }))
      .sort((a, b) => byLe(a.le, b.le));
    const scale = scaleOf(histograms?.get(scope)?.[0]?.histogram?.buckets ?? []);
    stats.set(scope, {
      pipeline: pipeline.id,
      present: (counts.get(scope)?.length ?? 0) > 0,
      count,
      sum,
      mean: count > 0 ? sum / count : Number.NaN,
      buckets: bucketCounts,
      quantiles: quantiles.map((byQuantile) => byQuantile.get(scope)?.[0]?.value ?? Number.NaN),
      ...(scale === undefined ? {} : { scale, relativeErrorBound: relativeBucketWidth(scale) }),
    });
  }
  return stats;
}

/** The exact truth of one scope, from the observations file. */
export function exactStats(uploads: readonly Upload[], metric: HistogramDefinition, scope: Scope): ExactStats {
  const summary = exactSummary(uploads, metric, scope === 'all' ? undefined : scope);
  return {
    count: summary.count,
    sum: summary.sum,
    mean: summary.count > 0 ? summary.sum / summary.count : Number.NaN,
    quantiles: REPORT_QUANTILES.map((quantile) => nearestRankQuantile(summary.sortedValues, quantile)),
  };
}
