/**
 * advise's Prometheus input: a histogram's increase in consecutive time windows, turned into
 * reference samples. A native histogram is a fine reference (its buckets are a few percent wide);
 * a classic one only knows its own buckets, and advise says how much that limits the advice.
 */
import { classicRankBucket } from '../histogram/quantiles.js';
import { adviseQueries } from '../promql/advise.js';
import { leBound } from '../verify/le.js';
import type { NativeHistogram, PrometheusClient } from '../verify/PrometheusClient.js';
import type { AdviseInput } from './advise.js';
import { Reference } from './Reference.js';

/** The histogram has no observations in the range, in either representation. */
export class NoDataError extends Error {
  override name = 'NoDataError';
  constructor(
    readonly metric: string,
    readonly rangeSeconds: number,
  ) {
    super(`no observations of ${metric} in the last ${rangeSeconds}s`);
  }
}

/** `count` values spread evenly inside (lower, upper]: on a log scale when both ends are positive. */
function spread(lower: number, upper: number, count: number, out: number[]): void {
  const logScale = lower > 0;
  for (let k = 0; k < count; k++) {
    const fraction = (k + 0.5) / count;
    out.push(logScale ? lower * (upper / lower) ** fraction : lower + (upper - lower) * fraction);
  }
}

function nativeValues(histogram: NativeHistogram): number[] {
  const values: number[] = [];
  for (const bucket of histogram.buckets)
    spread(Math.max(0, bucket.lower), bucket.upper, Math.round(bucket.count), values);
  return values;
}

interface ClassicWindow {
  readonly bounds: readonly number[];
  readonly cumulative: readonly number[];
}

function classicValues(window: ClassicWindow): number[] {
  const values: number[] = [];
  let previousBound = 0;
  let previousCount = 0;
  window.bounds.forEach((bound, i) => {
    const cumulative = Math.round(window.cumulative[i] as number);
    const inBucket = cumulative - previousCount;
    // Values in +Inf are somewhere above the last bound: the best a classic histogram can say.
    if (bound === Number.POSITIVE_INFINITY) for (let k = 0; k < inBucket; k++) values.push(previousBound);
    else spread(previousBound, bound, inBucket, values);
    previousBound = bound === Number.POSITIVE_INFINITY ? previousBound : bound;
    previousCount = Math.max(previousCount, cumulative);
  });
  return values;
}

/** How precisely a classic reference knows each target quantile: the width of the bucket holding it. */
function classicLimit(windows: readonly ClassicWindow[], quantiles: readonly number[]): string {
  const bounds = windows[0]?.bounds ?? [];
  const totals = bounds.map((_, i) => windows.reduce((sum, window) => sum + (window.cumulative[i] ?? 0), 0));
  const buckets = bounds.map((upperBound, i) => ({ upperBound, cumulativeCount: totals[i] as number }));
  const parts = quantiles.map((q) => {
    const bucket = classicRankBucket(buckets, q);
    if (bucket === undefined) return `p${q * 100} unknown`;
    if (bucket.inInfBucket) return `p${q * 100} above ${bucket.lower} (in +Inf, unbounded)`;
    return `p${q * 100} in (${bucket.lower}, ${bucket.upper}], ±${(((bucket.upper - bucket.lower) / bucket.upper) * 100).toFixed(0)}%`;
  });
  return (
    `the reference is a classic histogram with ${bounds.length - 1} finite buckets: advise assumes values spread evenly ` +
    `inside each, so it cannot see finer than its bounds (${parts.join('; ')}). Predicted errors are as good as that; ` +
    'a native histogram of the same metric gives a fine reference.'
  );
}

export interface PrometheusInputOptions {
  readonly metric: string;
  readonly rangeSeconds: number;
  readonly windows: number;
  readonly quantiles: readonly number[];
  /** End of the range, seconds since the epoch. */
  readonly end: number;
}

/** Reads a histogram's last `rangeSeconds` from Prometheus as advise's input. */
export async function inputFromPrometheus(
  client: PrometheusClient,
  options: PrometheusInputOptions,
): Promise<AdviseInput> {
  const windowSeconds = options.rangeSeconds / options.windows;
  const queries = adviseQueries(options.metric, windowSeconds);
  const ends = Array.from(
    { length: options.windows },
    (_, i) => options.end - (options.windows - 1 - i) * windowSeconds,
  );

  const native = await Promise.all(ends.map(async (end) => (await client.at(end).query(queries.native))[0]?.histogram));
  if (native.some((histogram) => histogram !== undefined && histogram.count > 0)) {
    const windows = native.map((histogram) => (histogram ? nativeValues(histogram) : []));
    if (windows.every((window) => window.length === 0)) throw new NoDataError(options.metric, options.rangeSeconds);
    return {
      metric: options.metric,
      reference: Reference.fromWindows(windows),
      source: 'native histogram in Prometheus',
    };
  }

  const classic: ClassicWindow[] = [];
  for (const end of ends) {
    const samples = await client.at(end).query(queries.classicBuckets);
    const rows = samples
      .map((sample) => ({ bound: leBound(sample.labels.le ?? ''), count: sample.value }))
      .filter((entry) => !Number.isNaN(entry.bound))
      .sort((a, b) => a.bound - b.bound);
    if (rows.length > 0)
      classic.push({ bounds: rows.map((entry) => entry.bound), cumulative: rows.map((entry) => entry.count) });
  }
  const windows = classic.map(classicValues);
  if (windows.every((window) => window.length === 0)) throw new NoDataError(options.metric, options.rangeSeconds);
  const current = (classic[0]?.bounds ?? []).filter((bound) => Number.isFinite(bound));
  return {
    metric: options.metric,
    reference: Reference.fromWindows(windows),
    source: 'classic histogram in Prometheus',
    limit: classicLimit(classic, options.quantiles),
    current,
  };
}
