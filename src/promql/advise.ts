/**
 * advise's queries: how much of a histogram arrived during one time window, as a native histogram
 * (one sample carrying its buckets) or as classic cumulative buckets `by (le)`.
 */
import { sumBy } from './expressions.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export interface AdviseQueries {
  /** The native histogram's increase over the window, all series summed: one histogram sample. */
  readonly native: string;
  /** The classic buckets' increase over the window, all series summed, `by (le)`. */
  readonly classicBuckets: string;
}

/** Whether a string is a metric name advise may put into a query. */
export function isMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/** Queries for one metric over windows of `windowSeconds`, evaluated at each window's end. */
export function adviseQueries(metric: string, windowSeconds: number): AdviseQueries {
  if (!isMetricName(metric)) throw new RangeError(`not a metric name: "${metric}"`);
  const range = `${Math.max(1, Math.round(windowSeconds))}s`;
  return {
    native: sumBy(`increase(${metric}[${range}])`),
    classicBuckets: sumBy(`increase(${metric}_bucket[${range}])`, ['le']),
  };
}
