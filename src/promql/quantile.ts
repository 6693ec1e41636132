/**
 * The one spelling of a quantile query, for verify, the dashboards, bench, `start` and doctor:
 * `histogram_quantile(q, sum by (le, ...) (...))` over classic `_bucket` series, or
 * `histogram_quantile(q, sum by (...) (...))` over native histogram samples, either of the cumulative
 * counts at one instant (everything since the start) or of their rate over a window.
 */
import type { Pipeline } from '../pipelines/registry.js';
import { histogramQuantile, pipelineSeries, sumBy } from './expressions.js';

/**
 * How a pipeline's histograms are stored in Prometheus.
 * - `classic`: explicit buckets, stored as `_bucket` series with an `le` label plus `_sum` and `_count`.
 * - `native`: one series per histogram whose every sample holds count, sum and exponential buckets.
 */
export type Representation = 'classic' | 'native';

export interface QuantileQueryOptions {
  /** The quantile, in [0, 1]: `0.99` for p99. */
  readonly q: number;
  /** Labels the result keeps, one series per value (`le` is added for classic buckets), e.g. `['file_type']`. */
  readonly by?: readonly string[];
  /**
   * A range for `rate()`: the quantile of what was observed in that window, e.g. `5m` or Grafana's
   * `$__rate_interval`. Without it, of everything recorded since the start (the counts at one instant).
   */
  readonly window?: string;
}

/**
 * A quantile query over a series selector that `suffix` completes (`_bucket` for classic buckets,
 * nothing for native samples): for callers whose series do not come from a pipeline (doctor's families).
 */
export function quantileOfSeries(
  series: (suffix: string) => string,
  representation: Representation,
  { q, by = [], window }: QuantileQueryOptions,
): string {
  const selector = representation === 'classic' ? series('_bucket') : series('');
  const counts = window === undefined ? selector : `rate(${selector}[${window}])`;
  return histogramQuantile(q, sumBy(counts, representation === 'classic' ? ['le', ...by] : by));
}

/**
 * The q-quantile of one metric in one pipeline, in its representation.
 * @example quantileQuery(direct, 'uploaded_file_bytes', 'classic', { q: 0.95, window: '5m' })
 *   // histogram_quantile(0.95, sum by (le) (rate(uploaded_file_bytes_bucket{job="direct-app"}[5m])))
 */
export function quantileQuery(
  pipeline: Pipeline,
  metric: string,
  representation: Representation,
  options: QuantileQueryOptions,
): string {
  return quantileOfSeries((suffix) => pipelineSeries(pipeline, metric, suffix), representation, options);
}
