/**
 * verify's queries: for one pipeline and metric, what each representation holds, aggregated over
 * everything but the scope's labels, at one instant (no rate: everything since the start). Classic
 * histograms are `_bucket`/`_sum`/`_count` series; native ones are samples of the series itself,
 * each carrying count, sum and buckets.
 */
import type { Pipeline } from '../pipelines/registry.js';
import { metricSelector } from '../prometheus/names.js';
import { histogramFraction, pipelineSeries, sumBy } from './expressions.js';
import { quantileQuery } from './quantile.js';

export interface VerifyClassicQueries {
  readonly count: string;
  readonly sum: string;
  /** Cumulative buckets, `by (le, ...)`. */
  readonly buckets: string;
  readonly quantile: (q: number) => string;
  /** The share of observations at or below a threshold: `histogram_fraction` over the buckets `by (le, ...)`. */
  readonly fraction: (threshold: number) => string;
}

export interface VerifyNativeQueries {
  /** The aggregated native histogram: count, sum and buckets in one sample per scope. */
  readonly histogram: string;
  /** Every series on its own: its scale and whether its buckets add up to its count. */
  readonly series: string;
  readonly quantile: (q: number) => string;
  /** The share of observations at or below a threshold: `histogram_fraction` over the aggregated histogram. */
  readonly fraction: (threshold: number) => string;
}

/** Classic queries of a pipeline's metric, grouped by `by` (empty: everything together). */
export function verifyClassicQueries(pipeline: Pipeline, metric: string, by: readonly string[]): VerifyClassicQueries {
  return {
    count: sumBy(pipelineSeries(pipeline, metric, '_count'), by),
    sum: sumBy(pipelineSeries(pipeline, metric, '_sum'), by),
    buckets: sumBy(pipelineSeries(pipeline, metric, '_bucket'), ['le', ...by]),
    quantile: (q) => quantileQuery(pipeline, metric, 'classic', { q, by }),
    fraction: (threshold) =>
      histogramFraction(threshold, sumBy(pipelineSeries(pipeline, metric, '_bucket'), ['le', ...by])),
  };
}

/** Native queries of a pipeline's metric, grouped by `by` (empty: everything together). */
export function verifyNativeQueries(pipeline: Pipeline, metric: string, by: readonly string[]): VerifyNativeQueries {
  return {
    histogram: sumBy(pipelineSeries(pipeline, metric), by),
    series: pipelineSeries(pipeline, metric),
    quantile: (q) => quantileQuery(pipeline, metric, 'native', { q, by }),
    fraction: (threshold) => histogramFraction(threshold, sumBy(pipelineSeries(pipeline, metric), by)),
  };
}

/**
 * What the server holds under a metric's own name, whatever the pipelines' matchers: all series,
 * native histogram series and classic `_bucket` series. All series but no histogram: a gauge or a counter.
 */
export function metricKindQueries(metric: string): { series: string; native: string; classicBuckets: string } {
  const series = metricSelector(metric);
  return {
    series: `count(${series})`,
    native: `count(histogram_count(${series}))`,
    classicBuckets: `count(${metricSelector(`${metric}_bucket`)})`,
  };
}
