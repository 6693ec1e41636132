/**
 * The SLO question, "what share of the observations is at or below a threshold?": the exact share
 * of a sample, how Prometheus estimates it from buckets (`histogram_fraction(-Inf, threshold, ...)`)
 * and the interval the buckets guarantee it lies in. Pure functions of numbers, beside quantiles.ts.
 */
import {
  type ClassicBucket,
  type Interval,
  type NativeBucket,
  type NativeHistogram,
  nativeBucketContaining,
  ownCounts,
  sortedBuckets,
} from './quantiles.js';

/** The share of values at or below the threshold: NaN without values. */
export function exactFraction(values: readonly number[], threshold: number): number {
  if (values.length === 0) return Number.NaN;
  return values.filter((value) => value <= threshold).length / values.length;
}

/**
 * The interval the share at or below `threshold` is guaranteed to lie in, from buckets with their
 * own counts (any order) and the histogram's count: at least the buckets wholly at or below it, at
 * most those that can hold a value at or below it. A bucket's upper bound is inclusive (classic
 * `le`, positive native buckets) or exclusive (negative native buckets): either way every value in
 * it is at or below that bound. Its lower bound is exclusive above 0 and taken as inclusive from 0
 * down (negative native buckets and the zero bucket include it; the first classic bucket holds the
 * zeros), which can only widen the interval. Observations the buckets do not account for
 * (opentelemetry-js#4450) could be anywhere: they widen the upper end. A single point when the
 * threshold is a bucket boundary with no populated bucket across it.
 */
export function fractionInterval(
  buckets: readonly NativeBucket[],
  count: number,
  threshold: number,
): Interval | undefined {
  if (!(count > 0) || Number.isNaN(threshold)) return undefined;
  let surely = 0;
  let possibly = 0;
  let total = 0;
  for (const bucket of buckets) {
    total += bucket.count;
    if (bucket.upper <= threshold) surely += bucket.count;
    if (bucket.lower < threshold || (bucket.lower === threshold && bucket.lower <= 0)) possibly += bucket.count;
  }
  possibly += Math.max(0, count - total);
  const share = (part: number) => Math.min(1, Math.max(0, part / count));
  return { lower: share(surely), upper: share(possibly) };
}

/** The guaranteed interval of the share at or below a threshold of classic cumulative buckets (`+Inf` last). */
export function classicFractionInterval(buckets: readonly ClassicBucket[], threshold: number): Interval | undefined {
  const sorted = sortedBuckets(buckets);
  const last = sorted[sorted.length - 1];
  if (last === undefined || last.upperBound !== Number.POSITIVE_INFINITY) return undefined;
  return fractionInterval(ownCounts(sorted), last.cumulativeCount, threshold);
}

/** The guaranteed interval of the share at or below a threshold of a native histogram (see fractionInterval). */
export function nativeFractionInterval(histogram: NativeHistogram, threshold: number): Interval | undefined {
  return fractionInterval(histogram.buckets, histogram.count, threshold);
}

/**
 * Prometheus' `histogram_fraction(-Inf, threshold, ...)` over classic cumulative buckets, replayed
 * (promql/quantile.go, BucketFraction, v3.16, which accepts classic buckets aggregated `by (le)`):
 * the cumulative count of the buckets below the one the threshold falls in, plus a linear share of
 * that bucket; exactly `bucket(le=threshold)/count` at a boundary. The first bucket starts at 0 (or
 * -Infinity when its bound is not above 0: it then counts whole); in `+Inf` nothing is added, so any
 * threshold above the last finite bound gives that bound's share. NaN without a `+Inf` bucket or
 * without observations; buckets need not be sorted.
 */
export function classicFraction(buckets: readonly ClassicBucket[], threshold: number): number {
  const sorted = coalesced(sortedBuckets(buckets));
  const last = sorted[sorted.length - 1];
  if (last === undefined || last.upperBound !== Number.POSITIVE_INFINITY) return Number.NaN;
  const count = last.cumulativeCount;
  if (count === 0 || Number.isNaN(threshold)) return Number.NaN;
  if (threshold === Number.NEGATIVE_INFINITY) return 0;
  let rank = 0;
  let upperRank = count;
  let lowerBound = (sorted[0] as ClassicBucket).upperBound <= 0 ? Number.NEGATIVE_INFINITY : 0;
  for (const [index, bucket] of sorted.entries()) {
    if (index > 0) lowerBound = (sorted[index - 1] as ClassicBucket).upperBound;
    if (lowerBound >= threshold) {
      upperRank = rank;
      break;
    }
    if (bucket.upperBound > threshold) {
      upperRank =
        lowerBound === Number.NEGATIVE_INFINITY
          ? bucket.cumulativeCount
          : rank + ((bucket.cumulativeCount - rank) * (threshold - lowerBound)) / (bucket.upperBound - lowerBound);
      break;
    }
    rank = bucket.cumulativeCount;
  }
  return Math.min(upperRank, count) / count;
}

/** Buckets of one upper bound merged, as Prometheus does before any classic estimate. */
function coalesced(sorted: readonly ClassicBucket[]): ClassicBucket[] {
  const merged: ClassicBucket[] = [];
  for (const bucket of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && previous.upperBound === bucket.upperBound) {
      merged[merged.length - 1] = {
        upperBound: bucket.upperBound,
        cumulativeCount: previous.cumulativeCount + bucket.cumulativeCount,
      };
    } else merged.push(bucket);
  }
  return merged;
}

/**
 * Prometheus' `histogram_fraction(-Inf, threshold, ...)` over a native histogram, replayed
 * (promql/quantile.go, HistogramFraction, v3.16): the counts of the buckets below the one the
 * threshold falls in, plus a share of that bucket interpolated on a logarithmic scale in an
 * exponential bucket (Bucket.FractionBelow), linearly in the zero bucket (from 0 when the histogram
 * has only positive buckets, to 0 when only negative ones). Buckets as the query API gives them, in
 * any order; the count is the histogram's (a NaN sum, which makes Prometheus recount, is not told apart).
 */
export function nativeFraction(histogram: NativeHistogram, threshold: number): number {
  const total = histogram.count;
  if (total === 0 || Number.isNaN(threshold)) return Number.NaN;
  if (threshold === Number.NEGATIVE_INFINITY) return 0;
  const ascending = histogram.buckets.filter((bucket) => bucket.count !== 0).sort((a, b) => a.lower - b.lower);
  const positive = ascending.some((bucket) => bucket.lower >= 0);
  const negative = ascending.some((bucket) => bucket.upper <= 0);
  let rank = 0;
  let upperRank = total;
  for (const bucket of ascending) {
    let { lower, upper } = bucket;
    const zeroBucket = lower <= 0 && upper >= 0;
    if (zeroBucket) {
      if (!negative && positive) lower = 0;
      else if (!positive && negative) upper = 0;
    }
    if (lower >= threshold) {
      upperRank = rank;
      break;
    }
    if (upper > threshold) {
      const below = zeroBucket
        ? (threshold - lower) / (upper - lower)
        : logFractionBelow({ lower, upper, count: bucket.count }, threshold);
      upperRank = rank + bucket.count * below;
      break;
    }
    rank += bucket.count;
  }
  return Math.min(upperRank, total) / total;
}

/** Bucket.FractionBelow on a logarithmic scale: the share of an exponential bucket's width at or below v. */
function logFractionBelow(bucket: NativeBucket, value: number): number {
  const logLower = Math.log2(Math.abs(bucket.lower));
  const logUpper = Math.log2(Math.abs(bucket.upper));
  const logValue = Math.log2(Math.abs(value));
  if (value > 0) return (logValue - logLower) / (logUpper - logLower);
  return 1 - (logValue - logUpper) / (logLower - logUpper);
}

/** Whether a threshold is one of the classic bucket bounds (`le`): the share there needs no interpolation. */
export function isClassicBoundary(buckets: readonly ClassicBucket[], threshold: number): boolean {
  return buckets.some((bucket) => bucket.upperBound === threshold);
}

/** Whether a positive threshold is a bucket bound at a native scale: 2^(i/2^scale) for an integer i. */
export function isNativeBoundary(threshold: number, scale: number): boolean {
  return nativeBucketContaining(threshold, scale)?.upper === threshold;
}
