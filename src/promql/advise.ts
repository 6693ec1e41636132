/**
 * advise's queries: a histogram's cumulative state at an instant, all series summed, as a native
 * histogram (one sample carrying its buckets) or as classic cumulative buckets `by (le)`. advise
 * reads it at each window's ends and subtracts: unlike `increase()`, that keeps what a series
 * recorded before its first scrape (a run that starts inside the range).
 */
import { sumBy } from './expressions.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export interface AdviseQueries {
  /** The native histogram, all series summed: one histogram sample. */
  readonly native: string;
  /** The classic cumulative buckets, all series summed, `by (le)`. */
  readonly classicBuckets: string;
}

/** Whether a string is a metric name advise may put into a query. */
export function isMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/** Queries for one metric, evaluated at each window's ends. */
export function adviseQueries(metric: string): AdviseQueries {
  if (!isMetricName(metric)) throw new RangeError(`not a metric name: "${metric}"`);
  return { native: sumBy(metric), classicBuckets: sumBy(`${metric}_bucket`, ['le']) };
}
