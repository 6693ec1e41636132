/**
 * The native (exponential) histogram advise compares a classic layout with: the buckets the data
 * would fill at a scale, on which src/histogram replays Prometheus' `histogram_quantile`.
 */
import { type NativeBucket, type NativeHistogram, nativeBucketContaining } from '../histogram/quantiles.js';
import { countAtOrBelow } from './Reference.js';

/** The finest and coarsest scales OpenTelemetry and Prometheus use. */
export const MAX_SCALE = 8;
export const MIN_SCALE = -4;

/** The bucket index of a positive value at a scale: index i spans (2^((i-1)/2^scale), 2^(i/2^scale)]. */
function indexOf(value: number, scale: number): number {
  const bucket = nativeBucketContaining(value, scale);
  if (bucket === undefined) throw new RangeError(`native buckets hold positive values here, got ${value}`);
  return Math.round(Math.log2(bucket.upper) * 2 ** scale);
}

/**
 * A sorted sample's populated buckets at a scale (positive values only; others are left out), as
 * Prometheus' query API would give them. Counted by binary search at each bucket's upper bound, so
 * the cost follows the number of buckets, not of values.
 */
export function nativeBuckets(sorted: ArrayLike<number>, scale: number): NativeBucket[] {
  const below = countAtOrBelow(sorted, 0);
  if (below === sorted.length) return [];
  const first = indexOf(sorted[below] as number, scale);
  const last = indexOf(sorted[sorted.length - 1] as number, scale);
  const bound = (index: number) => 2 ** (index / 2 ** scale);
  const buckets: NativeBucket[] = [];
  let previous = below;
  for (let index = first; index <= last; index++) {
    const atOrBelow = countAtOrBelow(sorted, bound(index));
    if (atOrBelow > previous)
      buckets.push({ lower: bound(index - 1), upper: bound(index), count: atOrBelow - previous });
    previous = atOrBelow;
  }
  return buckets;
}

/** The native histogram of a sorted sample's positive values at a scale (its sum is not needed for quantiles). */
export function nativeHistogram(sorted: ArrayLike<number>, scale: number): NativeHistogram {
  const buckets = nativeBuckets(sorted, scale);
  return { count: buckets.reduce((total, bucket) => total + bucket.count, 0), sum: 0, buckets };
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
