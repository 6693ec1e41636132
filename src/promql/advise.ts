/**
 * advise's queries: a histogram's cumulative state at an instant, all series summed, as a native
 * histogram (one sample carrying its buckets) or as classic cumulative buckets `by (le)`. advise
 * reads it at each window's ends and subtracts: unlike `increase()`, that keeps what a series
 * recorded before its first scrape (a run that starts inside the range).
 */
import { isLegacyMetricName } from '../prometheus/names.js';
import { sumBy } from './expressions.js';

export interface AdviseQueries {
  /** The native histogram, all series summed: one histogram sample. */
  readonly native: string;
  /** The classic cumulative buckets, all series summed, `by (le)`. */
  readonly classicBuckets: string;
}

/** Queries for one metric, evaluated at each window's ends. */
export function adviseQueries(metric: string): AdviseQueries {
  if (!isLegacyMetricName(metric)) throw new RangeError(`not a metric name: "${metric}"`);
  return { native: sumBy(metric), classicBuckets: sumBy(`${metric}_bucket`, ['le']) };
}
