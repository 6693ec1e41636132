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

/**
 * The interval a quantile estimate of a histogram is guaranteed to lie in, and the true quantile
 * with it: every bucket between the one the upward rule picks (the first whose running count
 * reaches q·n, as Prometheus does for classic buckets and for native ones below p50) and the one
 * the downward rule picks (the first from the top whose running count reaches (1-q)·n, as
 * Prometheus does for native buckets from p50). When q·n is not an integer both rules pick the
 * bucket of x(⌈q·n⌉); when it is an integer k (to within RANK_TOLERANCE, the float noise of q·n),
 * the upward rule stops in the bucket of x(k) and the downward one in that of x(k+1), and every
 * value of [x(k), x(k+1)] is a q-quantile: the interval spans both. This is the one definition
 * verify, doctor, advise and the benchmarks compare with.
 */
export interface GuaranteedInterval extends Interval {
  /**
   * Classic: the interval reaches into `+Inf`. Prometheus returns the last finite bound and the
   * true value can be anywhere above it, so the error is unbounded (`upper` is Infinity).
   */
  readonly inInfBucket: boolean;
}

/** Relative tolerance on q·n: 0.07 × 100 is 7.000000000000001 in float64, and Prometheus compares it as such. */
export const RANK_TOLERANCE = 1e-9;

/**
 * Prometheus' two walks over buckets in ascending order, each with its own count: `upward` stops
 * at the first bucket whose running count reaches q·count (classic buckets; native ones below
 * p50), `downward` at the first from the top whose running count reaches (1-q)·count (native ones
 * from p50). Empty buckets are skipped, as both walks skip them; when the buckets hold fewer than
 * `count` (opentelemetry-js#4450) a walk stops at the last bucket it reaches, as Prometheus does.
 */
export type RankWalk = 'upward' | 'downward';

function walkTo(ascending: readonly NativeBucket[], count: number, q: number, walk: RankWalk, slack: number) {
  const populated = ascending.filter((bucket) => bucket.count > 0);
  const order = walk === 'upward' ? populated : [...populated].reverse();
  const target = walk === 'upward' ? q * count : (1 - q) * count;
  let running = 0;
  for (const bucket of order) {
    running += bucket.count;
    if (running >= target - slack) return bucket;
  }
  return order[order.length - 1];
}

/**
 * The bucket where Prometheus' walk stops, ranks compared exactly as Prometheus compares them: it
 * holds the estimate and one end of the exact quantile interval, so its width bounds the error.
 */
export function pickedBucket(
  ascending: readonly NativeBucket[],
  count: number,
  q: number,
  walk: RankWalk,
): NativeBucket | undefined {
  if (!(q >= 0 && q <= 1) || !(count > 0)) return undefined;
  return walkTo(ascending, count, q, walk, 0);
}

/**
 * The guaranteed interval over buckets in ascending order (see GuaranteedInterval): from the bucket
 * the upward walk reaches to the one the downward walk reaches, q·n taken to within RANK_TOLERANCE.
 */
export function guaranteedInterval(ascending: readonly NativeBucket[], count: number, q: number): Interval | undefined {
  if (!(q >= 0 && q <= 1) || !(count > 0)) return undefined;
  const slack = RANK_TOLERANCE * Math.max(1, count);
  const upward = walkTo(ascending, count, q, 'upward', slack);
  const downward = walkTo(ascending, count, q, 'downward', slack);
  if (upward === undefined || downward === undefined) return undefined;
  return { lower: Math.min(upward.lower, downward.lower), upper: Math.max(upward.upper, downward.upper) };
}

/** Whether an estimate lies in an interval, give or take the last digits a bound loses as a decimal string. */
export function withinInterval(estimate: number, interval: Interval): boolean {
  const slack = (value: number) => (Number.isFinite(value) ? RANK_TOLERANCE * Math.abs(value) : 0);
  return estimate >= interval.lower - slack(interval.lower) && estimate <= interval.upper + slack(interval.upper);
}

export function sortedBuckets(buckets: readonly ClassicBucket[]): ClassicBucket[] {
  return [...buckets].sort((a, b) => a.upperBound - b.upperBound);
}

/**
 * Prometheus' `histogram_quantile` over classic buckets, replayed (promql/quantile.go,
 * BucketQuantile, v3.16): rank q·n (no rounding), the first bucket whose cumulative count reaches
 * it, linear interpolation from the previous bound (0 before the first bucket), the last finite
 * bound when the rank is in `+Inf`. NaN without a `+Inf` bucket, with fewer than two buckets or no
 * observations. Buckets need not be sorted but must be cumulative (as `sum by (le)` gives them).
 */
export function classicQuantile(buckets: readonly ClassicBucket[], q: number): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = sortedBuckets(buckets);
  const last = sorted[sorted.length - 1];
  if (sorted.length < 2 || last === undefined || last.upperBound !== Number.POSITIVE_INFINITY) return Number.NaN;
  if (last.cumulativeCount === 0) return Number.NaN;
  const rank = q * last.cumulativeCount;
  let index = sorted.findIndex((bucket, i) => i < sorted.length - 1 && bucket.cumulativeCount >= rank);
  if (index === -1) index = sorted.length - 1;
  if (index === sorted.length - 1) return (sorted[sorted.length - 2] as ClassicBucket).upperBound;
  const bucket = sorted[index] as ClassicBucket;
  if (index === 0 && bucket.upperBound <= 0) return bucket.upperBound;
  const previous = index > 0 ? (sorted[index - 1] as ClassicBucket) : undefined;
  const start = previous?.upperBound ?? 0;
  const count = bucket.cumulativeCount - (previous?.cumulativeCount ?? 0);
  const inBucket = rank - (previous?.cumulativeCount ?? 0);
  return start + (bucket.upperBound - start) * (inBucket / count);
}

/**
 * The guaranteed interval of a classic estimate (see GuaranteedInterval). The first bucket starts
 * at 0, as Prometheus assumes (no negative observations), or at -Infinity when its bound is not
 * above 0. Undefined where Prometheus returns NaN.
 */
export function classicGuaranteedInterval(
  buckets: readonly ClassicBucket[],
  q: number,
): GuaranteedInterval | undefined {
  const sorted = sortedBuckets(buckets);
  const last = sorted[sorted.length - 1];
  if (sorted.length < 2 || last === undefined || last.upperBound !== Number.POSITIVE_INFINITY) return undefined;
  const interval = guaranteedInterval(ownCounts(sorted), last.cumulativeCount, q);
  return interval && { ...interval, inInfBucket: interval.upper === Number.POSITIVE_INFINITY };
}

/**
 * The bucket Prometheus' classic estimate lies in (the upward walk, ranks compared as Prometheus
 * does), with the lower bound of GuaranteedInterval: its width bounds the error of the estimate.
 */
export function classicPickedBucket(buckets: readonly ClassicBucket[], q: number): GuaranteedInterval | undefined {
  const sorted = sortedBuckets(buckets);
  const last = sorted[sorted.length - 1];
  if (sorted.length < 2 || last === undefined || last.upperBound !== Number.POSITIVE_INFINITY) return undefined;
  const bucket = pickedBucket(ownCounts(sorted), last.cumulativeCount, q, 'upward');
  return bucket && { lower: bucket.lower, upper: bucket.upper, inInfBucket: bucket.upper === Number.POSITIVE_INFINITY };
}

/** Cumulative classic buckets, sorted, as buckets with their own counts: the first from 0 (or -Infinity). */
export function ownCounts(sorted: readonly ClassicBucket[]): NativeBucket[] {
  return sorted.map((bucket, i) => {
    const previous = sorted[i - 1];
    const lower = previous?.upperBound ?? (bucket.upperBound > 0 ? 0 : Number.NEGATIVE_INFINITY);
    return { lower, upper: bucket.upperBound, count: bucket.cumulativeCount - (previous?.cumulativeCount ?? 0) };
  });
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
 * The guaranteed interval of a native estimate (see GuaranteedInterval): buckets as the query API
 * gives them, in any order, with the histogram's count (Prometheus ranks on it, not on the buckets'
 * total). Histograms whose sum is NaN (Prometheus then walks upwards only) are not told apart: the
 * interval covers both walks anyway.
 */
export function nativeGuaranteedInterval(
  buckets: readonly NativeBucket[],
  count: number,
  q: number,
): Interval | undefined {
  return guaranteedInterval(
    [...buckets].sort((a, b) => a.lower - b.lower),
    count,
    q,
  );
}

/** The bucket Prometheus' native estimate lies in: the upward walk below p50, the downward one from p50. */
export function nativePickedBucket(
  buckets: readonly NativeBucket[],
  count: number,
  q: number,
): NativeBucket | undefined {
  const ascending = [...buckets].sort((a, b) => a.lower - b.lower);
  return pickedBucket(ascending, count, q, q < 0.5 ? 'upward' : 'downward');
}

/** A native histogram as the query API gives it: count, sum and its populated buckets. */
export interface NativeHistogram {
  readonly count: number;
  readonly sum: number;
  readonly buckets: readonly NativeBucket[];
}

/**
 * Prometheus' `histogram_quantile` over a native histogram, replayed (promql/quantile.go,
 * HistogramQuantile, v3.16): below p50 (or when the sum is NaN) the first bucket upwards whose
 * running count reaches q·count, from p50 the first downwards reaching (1-q)·count; inside it,
 * linear interpolation in the zero bucket (from 0 when the histogram has only positive buckets, to
 * 0 when only negative ones) and logarithmic interpolation in an exponential bucket. Buckets in any
 * order; empty ones are skipped. A histogram whose empty negative buckets the API leaves out is
 * taken to have none (Prometheus looks at the spans).
 */
export function nativeQuantile(histogram: NativeHistogram, q: number): number {
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const { count: total, sum } = histogram;
  if (total === 0 || Number.isNaN(q)) return Number.NaN;
  const ascending = histogram.buckets.filter((bucket) => bucket.count !== 0).sort((a, b) => a.lower - b.lower);
  const forward = Number.isNaN(sum) || q < 0.5;
  const walk = forward ? ascending : [...ascending].reverse();
  let rank = forward ? q * total : (1 - q) * total;
  let count = 0;
  let chosen: NativeBucket | undefined;
  for (const bucket of walk) {
    chosen = bucket;
    count += bucket.count;
    if (count >= rank) break;
  }
  if (chosen === undefined) return Number.NaN;
  let { lower, upper } = chosen;
  if (lower < 0 && upper > 0) {
    const positive = ascending.some((bucket) => bucket.lower >= 0);
    const negative = ascending.some((bucket) => bucket.upper <= 0);
    if (!negative && positive) lower = 0;
    else if (!positive && negative) upper = 0;
  }
  if (count > total) count = total;
  if (count < rank) return Number.isNaN(sum) ? Number.NaN : upper;
  rank = forward ? rank - (count - chosen.count) : count - rank;
  const fraction = rank / chosen.count;
  if (lower <= 0 && upper >= 0) return lower + (upper - lower) * fraction;
  const logLower = Math.log2(Math.abs(lower));
  const logUpper = Math.log2(Math.abs(upper));
  if (lower > 0) return 2 ** (logLower + (logUpper - logLower) * fraction);
  return -(2 ** (logUpper + (logLower - logUpper) * (1 - fraction)));
}
