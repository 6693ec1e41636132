/**
 * Small builders shared by every PromQL expression of the project (verify, start, health, the
 * dashboards, doctor, advise): one spelling of aggregation and quantile syntax, so a query
 * reads the same wherever it is built.
 */
import { type Pipeline, seriesSelector } from '../pipelines/registry.js';
import { metricSelector, promqlString } from '../prometheus/names.js';

/** `sum by (a, b) (expression)`, or `sum (expression)` without labels. */
export function sumBy(expression: string, labels: readonly string[] = []): string {
  return labels.length === 0 ? `sum (${expression})` : `sum by (${labels.join(', ')}) (${expression})`;
}

/** `histogram_quantile(q, expression)`; the expression must aggregate classic buckets `by (le)`. */
export function histogramQuantile(quantile: number, expression: string): string {
  return `histogram_quantile(${quantile}, ${expression})`;
}

/**
 * `histogram_fraction(-Inf, upper, expression)`: the share of observations at or below `upper`, from
 * native histograms or (Prometheus 3) classic buckets aggregated `by (le)`. The bound is written as
 * JavaScript's shortest round-trip form (`1e-7`, `1000000`), which PromQL parses back to the same float.
 */
export function histogramFraction(upper: number, expression: string): string {
  return `histogram_fraction(-Inf, ${upper}, ${expression})`;
}

/**
 * A pipeline's series of one metric as a selector: `logfire_m_bucket`, `m_count{job="direct-app"}`,
 * with extra label matchers appended (`file_type="small"`).
 */
export function pipelineSeries(
  pipeline: Pipeline,
  metric: string,
  suffix = '',
  extraMatchers: readonly string[] = [],
): string {
  const { name, matchers } = seriesSelector(pipeline, metric, suffix);
  return metricSelector(name, [matchers, ...extraMatchers]);
}

/** A label matcher with the value escaped as PromQL strings need it: `name="value"`. */
export function labelMatcher(name: string, value: string): string {
  return `${name}=${promqlString(value)}`;
}
