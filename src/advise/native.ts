/**
 * The native (exponential) histogram advise compares a classic layout with: Prometheus' own
 * `histogram_quantile` over native buckets (promql/quantile.go, HistogramQuantile), replayed on the
 * buckets the data would fill at a scale.
 */
import { nativeBucketContaining } from '../histogram/quantiles.js';
import { countAtOrBelow } from './Reference.js';

/** The finest and coarsest scales OpenTelemetry and Prometheus use. */
export const MAX_SCALE = 8;
export const MIN_SCALE = -4;

/** A populated native bucket: index i spans (2^((i-1)/2^scale), 2^(i/2^scale)]. */
export interface NativeBucket {
  readonly index: number;
  readonly count: number;
}

/** The bucket index of a positive value at a scale. */
function indexOf(value: number, scale: number): number {
  const bucket = nativeBucketContaining(value, scale);
  if (bucket === undefined) throw new RangeError(`native buckets hold positive values here, got ${value}`);
  return Math.round(Math.log2(bucket.upper) * 2 ** scale);
}

/**
 * A sorted sample's populated buckets at a scale (positive values only; others are left out).
 * Counted by binary search at each bucket's upper bound, so the cost follows the number of
 * buckets, not of values.
 */
export function nativeBuckets(sorted: ArrayLike<number>, scale: number): NativeBucket[] {
  const below = countAtOrBelow(sorted, 0);
  if (below === sorted.length) return [];
  const first = indexOf(sorted[below] as number, scale);
  const last = indexOf(sorted[sorted.length - 1] as number, scale);
  const buckets: NativeBucket[] = [];
  let previous = below;
  for (let index = first; index <= last; index++) {
    const atOrBelow = countAtOrBelow(sorted, 2 ** (index / 2 ** scale));
    if (atOrBelow > previous) buckets.push({ index, count: atOrBelow - previous });
    previous = atOrBelow;
  }
  return buckets;
}

/**
 * Prometheus' estimate from native buckets: below the median it counts from the bottom, from the
 * median up from the top (rank (1-q)·n), then interpolates on a log scale inside the bucket.
 */
export function nativeQuantile(buckets: readonly NativeBucket[], scale: number, q: number): number {
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  if (total === 0 || !(q >= 0 && q <= 1)) return Number.NaN;
  const forward = q < 0.5;
  let rank = forward ? q * total : (1 - q) * total;
  let count = 0;
  let chosen = buckets[forward ? 0 : buckets.length - 1] as NativeBucket;
  for (let i = 0; i < buckets.length; i++) {
    chosen = buckets[forward ? i : buckets.length - 1 - i] as NativeBucket;
    count += chosen.count;
    if (count >= rank) break;
  }
  rank = forward ? rank - (count - chosen.count) : count - rank;
  const fraction = rank / chosen.count;
  return 2 ** ((chosen.index - 1 + fraction) / 2 ** scale);
}

/**
 * The finest scale at which the data fills at most `populated` buckets: a native histogram of
 * about the same size as a classic layout (its series count is what costs).
 */
export function scaleForPopulated(sorted: ArrayLike<number>, populated: number): number {
  for (let scale = MAX_SCALE; scale > MIN_SCALE; scale--) {
    if (nativeBuckets(sorted, scale).length <= populated) return scale;
  }
  return MIN_SCALE;
}
