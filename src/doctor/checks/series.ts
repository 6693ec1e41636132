/** What the checks read off a classic series: its bounds, its observations, the share above its last bound. */
import { OTEL_DEFAULT_BOUNDARIES } from '../../metrics/definitions.js';
import type { ClassicSeries } from '../types.js';

export function finiteBounds(series: ClassicSeries): number[] {
  return series.buckets
    .map((bucket) => bucket.upperBound)
    .filter((bound) => Number.isFinite(bound))
    .sort((a, b) => a - b);
}

export function layoutKey(series: ClassicSeries): string {
  return finiteBounds(series).join(',');
}

export function infBucket(series: ClassicSeries) {
  return series.buckets.find((bucket) => bucket.upperBound === Number.POSITIVE_INFINITY);
}

/** Observations of a classic series: its `+Inf` bucket, else its `_count`. */
export function observations(series: ClassicSeries): number {
  return infBucket(series)?.cumulativeCount ?? series.count ?? 0;
}

/** Cumulative count at the last finite bound (0 without finite buckets). */
export function lastFiniteCount(series: ClassicSeries): number {
  const finite = series.buckets.filter((bucket) => Number.isFinite(bucket.upperBound));
  return finite.reduce((max, bucket) => Math.max(max, bucket.cumulativeCount), 0);
}

export function isInfOnly(series: ClassicSeries): boolean {
  return series.buckets.length > 0 && series.buckets.every((bucket) => bucket.upperBound === Number.POSITIVE_INFINITY);
}

export function isOtelDefaultLayout(series: ClassicSeries): boolean {
  return layoutKey(series) === OTEL_DEFAULT_BOUNDARIES.join(',');
}

/** Share of a series' observations at or below `bound` (0 when it has no such bucket). */
export function shareAtOrBelow(series: ClassicSeries, bound: number): number {
  const total = observations(series);
  const bucket = series.buckets.find((b) => b.upperBound === bound);
  return total > 0 && bucket ? bucket.cumulativeCount / total : 0;
}

export function infShare(series: ClassicSeries): number {
  const total = observations(series);
  return total > 0 ? (total - lastFiniteCount(series)) / total : 0;
}

export function meanOf(series: ClassicSeries): number | undefined {
  const total = observations(series);
  return total > 0 && series.sum !== undefined ? series.sum / total : undefined;
}
