/**
 * How far histogram_quantile can be off: the width of the bucket Prometheus picks for each audited
 * quantile (src/histogram), which holds both the estimate and one end of the exact quantile interval.
 */
import { type ClassicBucket, classicPickedBucket, nativePickedBucket } from '../../histogram/quantiles.js';
import type { ClassicSeries, FamilyData, Finding, Labels, NativeSeries } from '../types.js';
import { finding, percent, round } from './finding.js';
import { isInfOnly, isOtelDefaultLayout } from './series.js';

export interface CheckOptions {
  /** Worst-case relative error of histogram_quantile above which a warning is raised (0.1 = 10%). */
  readonly maxError: number;
}

/** The quantiles whose worst-case error doctor reports: what dashboards show. */
export const AUDITED_QUANTILES = [0.5, 0.9, 0.99] as const;

/**
 * Worst-case relative error when the true value and the estimate are both in (lower, upper]: the
 * truth at the lower end and the estimate at the upper one. Unbounded when the bucket reaches 0.
 */
export function bucketRelativeError(lower: number, upper: number): number {
  if (upper === lower) return 0;
  const nearZero = lower >= 0 ? lower : -upper;
  return nearZero > 0 ? (upper - lower) / nearZero : Number.POSITIVE_INFINITY;
}

/**
 * The scale of a native histogram whose populated positive buckets are exponential (each spans
 * (b, b·2^(2^-scale)]); undefined for custom bucket layouts (NHCB) or no positive bucket.
 */
export function nativeScale(series: NativeSeries): number | undefined {
  const ratios = series.histogram.buckets
    .filter((bucket) => bucket.lower > 0 && Number.isFinite(bucket.upper))
    .map((bucket) => -Math.log2(Math.log2(bucket.upper / bucket.lower)));
  const first = ratios[0];
  if (first === undefined) return undefined;
  const scale = Math.round(first);
  return ratios.every((ratio) => Math.abs(ratio - scale) < 1e-6) ? scale : undefined;
}

interface RankedError {
  readonly error: number;
  readonly lower: number;
  readonly upper: number;
}

function classicRankedError(series: ClassicSeries, q: number): RankedError | undefined {
  const buckets: ClassicBucket[] = series.buckets
    .filter((bucket) => !Number.isNaN(bucket.upperBound))
    .map(({ upperBound, cumulativeCount }) => ({ upperBound, cumulativeCount }));
  const ranked = classicPickedBucket(buckets, q);
  if (ranked === undefined || ranked.inInfBucket) return undefined;
  return { error: bucketRelativeError(ranked.lower, ranked.upper), lower: ranked.lower, upper: ranked.upper };
}

/** The bucket a native series' estimate lies in (src/histogram), and its relative width. */
export function nativeRankedError(series: NativeSeries, q: number): RankedError | undefined {
  const bucket = nativePickedBucket(series.histogram.buckets, series.histogram.count, q);
  if (bucket === undefined) return undefined;
  return { error: bucketRelativeError(bucket.lower, bucket.upper), lower: bucket.lower, upper: bucket.upper };
}

function formatError(error: number): string | number {
  return Number.isFinite(error) ? round(error) : 'unbounded';
}

/** histogram_quantile's worst-case error at p50, p90, p99, from the width of the bucket holding each rank. */
export function checkQuantileError(family: FamilyData, options: CheckOptions): Finding[] {
  const perSeries = [
    ...family.classic
      .filter((series) => !isInfOnly(series) && !isOtelDefaultLayout(series))
      .map((series) => ({ labels: series.labels, rank: (q: number) => classicRankedError(series, q) })),
    ...family.native.map((series) => ({ labels: series.labels, rank: (q: number) => nativeRankedError(series, q) })),
  ];
  const affected: Labels[] = [];
  const worst = new Map<number, RankedError & { labels: Labels }>();
  for (const series of perSeries) {
    let over = false;
    for (const q of AUDITED_QUANTILES) {
      const ranked = series.rank(q);
      if (ranked === undefined) continue;
      if (ranked.error > options.maxError) over = true;
      const current = worst.get(q);
      if (current === undefined || ranked.error > current.error) worst.set(q, { ...ranked, labels: series.labels });
    }
    if (over) affected.push(series.labels);
  }
  if (affected.length === 0) return [];
  const evidence: Record<string, unknown> = { maxError: options.maxError, series: affected.length };
  const parts: string[] = [];
  for (const q of AUDITED_QUANTILES) {
    const ranked = worst.get(q);
    if (ranked === undefined) continue;
    const name = `p${Math.round(q * 100)}`;
    evidence[name] = {
      worstRelativeError: formatError(ranked.error),
      bucket: [ranked.lower, ranked.upper],
      labels: ranked.labels,
    };
    const size = Number.isFinite(ranked.error) ? `±${percent(ranked.error)}` : 'unbounded (bucket starts at 0)';
    parts.push(`${name} ${size} in (${ranked.lower}, ${ranked.upper}]`);
  }
  return [
    finding(
      family,
      'warning',
      'quantile-error',
      `histogram_quantile can be off by more than ${percent(options.maxError)} in ${affected.length} series: ` +
        `worst ${parts.join(', ')} (the width of the bucket holding each rank).`,
      'Add boundaries where the quantiles fall (around the values quoted), or record native histograms ' +
        '(exponential aggregation, protobuf scrape) whose relative error is 2^(2^-scale) - 1.',
      affected,
      evidence,
    ),
  ];
}
