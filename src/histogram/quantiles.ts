/**
 * The error model shared by verify, doctor, advise and the benchmarks: what the exact quantile of a
 * sample is, how Prometheus estimates it from buckets, and the interval each estimate is guaranteed
 * to lie in. Pure functions of numbers; nothing here knows where the numbers come from.
 */

/** A closed interval of values; `lower === upper` for a single value. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** q·n as an integer when it is one up to float noise (0.07 * 100 = 7.000000000000001). */
function integerRank(q: number, n: number): number | undefined {
  const rank = q * n;
  const nearest = Math.round(rank);
  return Math.abs(rank - nearest) <= 1e-9 * Math.max(1, rank) ? nearest : undefined;
}

/**
 * The exact q-quantile of sorted values. When q·n is an integer k (0 < k < n), every value in
 * [x(k), x(k+1)] is a q-quantile (at least q of the values are at or below it and at least 1-q at
 * or above), so the answer is that interval; otherwise it is the single value x(⌈q·n⌉). Prometheus
 * ranks at q·n and may land anywhere in the interval: an error is measured against all of it.
 */
export function exactQuantileInterval(sortedValues: ArrayLike<number>, q: number): Interval | undefined {
  const n = sortedValues.length;
  if (n === 0 || !(q >= 0 && q <= 1)) return undefined;
  const at = (rank: number): number => sortedValues[Math.min(n, Math.max(1, rank)) - 1] as number;
  const k = integerRank(q, n);
  if (k !== undefined) {
    if (k <= 0) return { lower: at(1), upper: at(1) };
    if (k >= n) return { lower: at(n), upper: at(n) };
    return { lower: at(k), upper: at(k + 1) };
  }
  const value = at(Math.ceil(q * n));
  return { lower: value, upper: value };
}

/**
 * Signed relative distance from an estimate to an interval: 0 inside it, else the distance to the
 * nearer end divided by that end (positive above, negative below). An end at 0 gives ±Infinity.
 */
export function relativeErrorToInterval(estimate: number, interval: Interval): number {
  if (Number.isNaN(estimate)) return Number.NaN;
  if (estimate >= interval.lower && estimate <= interval.upper) return 0;
  const end = estimate < interval.lower ? interval.lower : interval.upper;
  if (end === 0) return estimate < end ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return (estimate - end) / Math.abs(end);
}

/** Whether two intervals share at least one value. */
export function intervalsOverlap(a: Interval, b: Interval): boolean {
  return a.lower <= b.upper && b.lower <= a.upper;
}

/** One classic bucket: its upper bound (`le`, `Infinity` for `+Inf`) and cumulative count. */
export interface ClassicBucket {
  readonly upperBound: number;
  readonly cumulativeCount: number;
}

/** The bucket that holds rank q·n, which bounds both the true quantile and Prometheus' estimate. */
export interface RankBucket extends Interval {
  /** Index of the bucket in the sorted list, `+Inf` last. */
  readonly index: number;
  /**
   * The rank falls in `+Inf`: Prometheus returns the last finite bound and the true value can be
   * anywhere above it, so the error is unbounded (`upper` is Infinity).
   */
  readonly inInfBucket: boolean;
}

function sortedBuckets(buckets: readonly ClassicBucket[]): ClassicBucket[] {
  return [...buckets].sort((a, b) => a.upperBound - b.upperBound);
}

/**
 * The index Prometheus picks for rank q·n (promql/quantile.go, BucketQuantile): the first finite
 * bucket whose cumulative count reaches the rank, else the `+Inf` bucket. Undefined where
 * Prometheus returns NaN: no `+Inf` bucket, fewer than two buckets, no observations, q outside [0, 1].
 */
function rankIndex(sorted: readonly ClassicBucket[], q: number): { index: number; rank: number } | undefined {
  const last = sorted[sorted.length - 1];
  if (!(q >= 0 && q <= 1) || sorted.length < 2 || last === undefined) return undefined;
  if (last.upperBound !== Number.POSITIVE_INFINITY || last.cumulativeCount === 0) return undefined;
  const rank = q * last.cumulativeCount;
  let index = sorted.findIndex((bucket, i) => i < sorted.length - 1 && bucket.cumulativeCount >= rank);
  if (index === -1) index = sorted.length - 1;
  return { index, rank };
}

/**
 * Prometheus' `histogram_quantile` over classic buckets, replayed: rank q·n (no rounding), the first
 * bucket whose cumulative count reaches it, linear interpolation from the previous bound (0 before
 * the first bucket), the last finite bound when the rank is in `+Inf`. Buckets need not be sorted
 * but must be cumulative (as `sum by (le)` gives them).
 */
export function classicQuantile(buckets: readonly ClassicBucket[], q: number): number {
  const sorted = sortedBuckets(buckets);
  const found = rankIndex(sorted, q);
  if (found === undefined) return Number.NaN;
  const { index } = found;
  if (index === sorted.length - 1) return (sorted[sorted.length - 2] as ClassicBucket).upperBound;
  const bucket = sorted[index] as ClassicBucket;
  if (index === 0 && bucket.upperBound <= 0) return bucket.upperBound;
  const previous = index > 0 ? (sorted[index - 1] as ClassicBucket) : undefined;
  const start = previous?.upperBound ?? 0;
  const count = bucket.cumulativeCount - (previous?.cumulativeCount ?? 0);
  const rank = found.rank - (previous?.cumulativeCount ?? 0);
  return start + (bucket.upperBound - start) * (rank / count);
}

/**
 * The guaranteed interval of a classic estimate: the bucket that holds rank q·n. The true
 * q-quantile's lower end x(⌈q·n⌉) lies in it, and so does Prometheus' estimate, so the estimate is
 * at most the bucket's width away from the truth. The first bucket starts at 0, as Prometheus
 * assumes (no negative observations).
 */
export function classicRankBucket(buckets: readonly ClassicBucket[], q: number): RankBucket | undefined {
  const sorted = sortedBuckets(buckets);
  const found = rankIndex(sorted, q);
  if (found === undefined) return undefined;
  const { index } = found;
  const bucket = sorted[index] as ClassicBucket;
  const previous = index > 0 ? (sorted[index - 1] as ClassicBucket) : undefined;
  const lower = previous?.upperBound ?? (bucket.upperBound > 0 ? 0 : Number.NEGATIVE_INFINITY);
  return { index, lower, upper: bucket.upperBound, inInfBucket: index === sorted.length - 1 };
}

/**
 * Relative width of a native (exponential) bucket at a schema/scale: each bucket spans
 * (b, b·2^(2^-scale)], so an estimate and the true value in one bucket differ by at most this
 * fraction of the true value.
 */
export function nativeBucketRelativeWidth(scale: number): number {
  return 2 ** (2 ** -scale) - 1;
}

/**
 * The native bucket (lower, upper] that holds a positive value at a scale: bucket i spans
 * (2^((i-1)/2^scale), 2^(i/2^scale)]. Undefined for values <= 0 (the zero bucket or negative buckets).
 */
export function nativeBucketContaining(value: number, scale: number): Interval | undefined {
  if (!(value > 0) || !Number.isFinite(value)) return undefined;
  const perOctave = 2 ** scale;
  const bound = (index: number): number => 2 ** (index / perOctave);
  let index = Math.ceil(Math.log2(value) * perOctave);
  // log2 carries float noise at exact bucket bounds: settle the index on the definition itself.
  while (bound(index - 1) >= value) index -= 1;
  while (bound(index) < value) index += 1;
  return { lower: bound(index - 1), upper: bound(index) };
}

/** One native (exponential) bucket as the query API gives it: its bounds and its own (not cumulative) count. */
export interface NativeBucket {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
}

/**
 * The guaranteed interval of a native estimate: the bucket Prometheus interpolates in
 * (promql/quantile.go, HistogramQuantile, v3.16). For q < 0.5 it walks the buckets upwards to the
 * first whose running count reaches q·count; for q >= 0.5 downwards from the top to the first
 * whose running count reaches (1 - q)·count. At an integer q·n = k the downward walk stops in the
 * bucket of x(k+1), the upward one in the bucket of x(k): either way an end of the exact interval
 * [x(k), x(k+1)] lies in it. Empty buckets are skipped; histograms whose sum is NaN (Prometheus
 * then walks upwards) are not told apart.
 */
export function nativeRankBucket(buckets: readonly NativeBucket[], count: number, q: number): Interval | undefined {
  if (!(q >= 0 && q <= 1) || !(count > 0)) return undefined;
  const ascending = buckets.filter((bucket) => bucket.count > 0).sort((a, b) => a.lower - b.lower);
  const walk = q < 0.5 ? ascending : [...ascending].reverse();
  const rank = q < 0.5 ? q * count : (1 - q) * count;
  let running = 0;
  for (const bucket of walk) {
    running += bucket.count;
    if (running >= rank) return { lower: bucket.lower, upper: bucket.upper };
  }
  const last = walk[walk.length - 1];
  return last ? { lower: last.lower, upper: last.upper } : undefined;
}
