/**
 * verify's queries: for one pipeline and metric, what each representation holds, aggregated over
 * everything but the scope's labels. Classic histograms are `_bucket`/`_sum`/`_count` series;
 * native ones are samples of the series itself, each carrying count, sum and buckets.
 */
import type { Pipeline } from '../pipelines/registry.js';
import { histogramQuantile, pipelineSeries, sumBy } from './expressions.js';

export interface ClassicQueries {
  readonly count: string;
  readonly sum: string;
  /** Cumulative buckets, `by (le, ...)`. */
  readonly buckets: string;
  readonly quantile: (q: number) => string;
}

export interface NativeQueries {
  /** The aggregated native histogram: count, sum and buckets in one sample per scope. */
  readonly histogram: string;
  /** Every series on its own: its scale and whether its buckets add up to its count. */
  readonly series: string;
  readonly quantile: (q: number) => string;
}

/** Classic queries of a pipeline's metric, grouped by `by` (empty: everything together). */
export function classicQueries(pipeline: Pipeline, metric: string, by: readonly string[]): ClassicQueries {
  const buckets = sumBy(pipelineSeries(pipeline, metric, '_bucket'), ['le', ...by]);
  return {
    count: sumBy(pipelineSeries(pipeline, metric, '_count'), by),
    sum: sumBy(pipelineSeries(pipeline, metric, '_sum'), by),
    buckets,
    quantile: (q) => histogramQuantile(q, buckets),
  };
}

/** Native queries of a pipeline's metric, grouped by `by` (empty: everything together). */
export function nativeQueries(pipeline: Pipeline, metric: string, by: readonly string[]): NativeQueries {
  const histogram = sumBy(pipelineSeries(pipeline, metric), by);
  return {
    histogram,
    series: pipelineSeries(pipeline, metric),
    quantile: (q) => histogramQuantile(q, histogram),
  };
}
