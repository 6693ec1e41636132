/**
 * The native (exponential) histogram advise compares a classic layout with: Prometheus' own
 * `histogram_quantile` over native buckets (promql/quantile.go, HistogramQuantile), replayed on the
 * buckets the data would fill at a scale.
 */
import { nativeBucketContaining } from '../histogram/quantiles.js';

/** The finest and coarsest scales OpenTelemetry and Prometheus use. */
export const MAX_SCALE = 8;
export const MIN_SCALE = -4;

/** A populated native bucket: index i spans (2^((i-1)/2^scale), 2^(i/2^scale)]. */
export interface NativeBucket {
  readonly index: number;
  readonly count: number;
}

/** The bucket index of a positive value at the finest scale; the coarser ones follow by division. */
function finestIndex(value: number): number {
  const bucket = nativeBucketContaining(value, MAX_SCALE);
  if (bucket === undefined) throw new RangeError(`native buckets hold positive values here, got ${value}`);
  return Math.round(Math.log2(bucket.upper) * 2 ** MAX_SCALE);
}

/**
 * A sorted sample's populated buckets at a scale. Merging 2^(8-s) neighbours of scale 8 gives
 * scale s exactly (index ceil(i / 2^(8-s))), so the log is taken once per value.
 */
export function nativeBuckets(finestIndices: readonly number[], scale: number): NativeBucket[] {
  const divisor = 2 ** (MAX_SCALE - scale);
  const buckets: { index: number; count: number }[] = [];
  for (const finest of finestIndices) {
    const index = Math.ceil(finest / divisor);
    const last = buckets[buckets.length - 1];
    if (last?.index === index) last.count += 1;
    else buckets.push({ index, count: 1 });
  }
  return buckets;
}

/** Finest-scale indices of sorted positive values (sorted too). */
export function finestIndices(sorted: readonly number[]): number[] {
  return sorted.map(finestIndex);
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
export function scaleForPopulated(allFinest: readonly number[], populated: number): number {
  for (let scale = MAX_SCALE; scale > MIN_SCALE; scale--) {
    if (nativeBuckets(allFinest, scale).length <= populated) return scale;
  }
  return MIN_SCALE;
}
