/**
 * advise's Prometheus input: a histogram's increase in consecutive time windows, turned into
 * reference samples. A native histogram is a fine reference (its buckets are a few percent wide);
 * a classic one only knows its own buckets, and advise says how much that limits the advice.
 */
import { classicGuaranteedInterval } from '../histogram/quantiles.js';
import { parseLe } from '../prometheus/le.js';
import type { NativeHistogram, PrometheusClient } from '../prometheus/PrometheusClient.js';
import { adviseQueries } from '../promql/advise.js';
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

/** Bucket counts keyed by their bounds: `lower,upper` for native buckets, `le` bound for classic ones. */
type Counts = Map<string, { lower: number; upper: number; count: number }>;

function nativeCounts(histogram: NativeHistogram | undefined): Counts {
  const counts: Counts = new Map();
  for (const bucket of histogram?.buckets ?? []) counts.set(`${bucket.lower},${bucket.upper}`, { ...bucket });
  return counts;
}

/**
 * What was recorded between two reads of a cumulative histogram. A count that went down is a
 * counter reset (a restarted app): everything read at the end is then new, as Prometheus' own
 * `increase()` assumes.
 */
function difference(end: Counts, start: Counts): Counts {
  const reset = [...start].some(([key, bucket]) => (end.get(key)?.count ?? 0) < bucket.count);
  if (reset) return end;
  const result: Counts = new Map();
  for (const [key, bucket] of end) result.set(key, { ...bucket, count: bucket.count - (start.get(key)?.count ?? 0) });
  return result;
}

function nativeValues(counts: Counts): number[] {
  const values: number[] = [];
  for (const bucket of counts.values())
    spread(Math.max(0, bucket.lower), bucket.upper, Math.round(bucket.count), values);
  return values;
}

interface ClassicWindow {
  readonly bounds: readonly number[];
  readonly cumulative: readonly number[];
}

/** Classic cumulative counts as per-bucket counts keyed by bound, so that windows subtract like native ones. */
function classicCounts(rows: readonly { bound: number; count: number }[]): Counts {
  const counts: Counts = new Map();
  let previous = 0;
  let previousCount = 0;
  for (const row of rows) {
    counts.set(String(row.bound), { lower: previous, upper: row.bound, count: row.count - previousCount });
    previous = Number.isFinite(row.bound) ? row.bound : previous;
    previousCount = row.count;
  }
  return counts;
}

function classicWindow(counts: Counts): ClassicWindow {
  const buckets = [...counts.values()].sort((a, b) => a.upper - b.upper);
  let running = 0;
  return {
    bounds: buckets.map((bucket) => bucket.upper),
    cumulative: buckets.map((bucket) => {
      running += bucket.count;
      return running;
    }),
  };
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
  const filled = windows.filter((window) => window.bounds.length > 0);
  const bounds = filled[0]?.bounds ?? [];
  const totals = bounds.map((_, i) => filled.reduce((sum, window) => sum + (window.cumulative[i] ?? 0), 0));
  const buckets = bounds.map((upperBound, i) => ({ upperBound, cumulativeCount: totals[i] as number }));
  const parts = quantiles.map((q) => {
    const bucket = classicGuaranteedInterval(buckets, q);
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

/** Reads what a histogram recorded in the last `rangeSeconds`, window by window, as advise's input. */
export async function inputFromPrometheus(
  client: PrometheusClient,
  options: PrometheusInputOptions,
): Promise<AdviseInput> {
  const windowSeconds = options.rangeSeconds / options.windows;
  const queries = adviseQueries(options.metric);
  // The window ends, oldest first, the range's start included: each window is end minus start.
  const instants = Array.from(
    { length: options.windows + 1 },
    (_, i) => options.end - (options.windows - i) * windowSeconds,
  );
  const windowsOf = (reads: readonly Counts[]) => reads.slice(1).map((end, i) => difference(end, reads[i] as Counts));

  const native = await Promise.all(
    instants.map(async (at) => (await client.at(at).query(queries.native))[0]?.histogram),
  );
  if (native.some((histogram) => histogram !== undefined && histogram.count > 0)) {
    const windows = windowsOf(native.map(nativeCounts)).map(nativeValues);
    if (windows.every((window) => window.length === 0)) throw new NoDataError(options.metric, options.rangeSeconds);
    return {
      metric: options.metric,
      reference: Reference.fromWindows(windows),
      source: 'native histogram in Prometheus',
    };
  }

  const reads = await Promise.all(
    instants.map(async (at) => {
      const rows = (await client.at(at).query(queries.classicBuckets))
        .map((sample) => ({ bound: parseLe(sample.labels.le ?? ''), count: sample.value }))
        .filter((entry) => !Number.isNaN(entry.bound))
        .sort((a, b) => a.bound - b.bound);
      return classicCounts(rows);
    }),
  );
  const classic = windowsOf(reads).map(classicWindow);
  const windows = classic.map(classicValues);
  if (windows.every((window) => window.length === 0)) throw new NoDataError(options.metric, options.rangeSeconds);
  const current = (classic.find((window) => window.bounds.length > 0)?.bounds ?? []).filter((bound) =>
    Number.isFinite(bound),
  );
  return {
    metric: options.metric,
    reference: Reference.fromWindows(windows),
    source: 'classic histogram in Prometheus',
    limit: classicLimit(classic, options.quantiles),
    current,
  };
}
