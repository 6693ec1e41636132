/**
 * Every PromQL expression the dashboards and the README show a person: the pipeline
 * dashboards, the comparison dashboard and `histogram-demo dashboards queries`. Series come
 * from the pipeline registry (src/pipelines/registry.ts) and the metric definitions; nothing
 * here spells a metric name or a prefix. Two shapes: classic histograms (`_bucket` series with
 * `le`, `_sum`, `_count`) and native histograms (one series per histogram, read with the
 * histogram_* functions). Which shape a pipeline has is the caller's knowledge (the registry
 * holds none): the dashboards keep it as configuration, verify detects it.
 */
import {
  FILE_TYPE_LABEL,
  FILE_UPLOADS_TOTAL,
  type HistogramDefinition,
  HTTP_REQUEST_DURATION_SECONDS,
  UPLOADED_FILE_BYTES,
} from '../metrics/definitions.js';
import type { Pipeline } from '../pipelines/registry.js';
import { formatLe } from '../prometheus/le.js';
import { pipelineSeries, sumBy } from './expressions.js';
import { quantileQuery, type Representation } from './quantile.js';

export type { Representation };

/** Grafana's range for rate(): at least four scrape intervals, so every window holds two samples or more. */
export const RATE_INTERVAL = '$__rate_interval';

/**
 * The window the README's queries use instead of `$__rate_interval`, which only Grafana
 * understands: Prometheus' own expression browser needs a literal duration.
 */
export const README_RATE_WINDOW = '5m';

/** Quantiles drawn over time for file sizes, and compared between pipelines. */
export const SIZE_QUANTILES = [0.5, 0.95, 0.99] as const;
export type SizeQuantile = (typeof SIZE_QUANTILES)[number];

/**
 * The file size the seed's "files under 1 MB" panel counts up to: a boundary of every classic
 * layout, but of no native (exponential) one, whose boundaries are powers of 2^(2^-scale).
 */
export const SMALL_FILE_LIMIT_BYTES = 1_000_000;

/**
 * Apdex thresholds on the request duration histogram: a request within the target T
 * (`satisfiedSeconds`) satisfies, one within 4T (`toleratedSeconds`, Apdex's definition of
 * "tolerating") counts half, a slower one not at all. 1 s is a boundary of the seed layout and
 * of every native scale (2^0), so "within T" is exact; 4 s is a native boundary at every scale
 * (2^2) but falls inside the seed layout's (2.5 s, 5 s] bucket, where histogram_fraction()
 * interpolates.
 */
export const DURATION_SLO = { satisfiedSeconds: 1, toleratedSeconds: 4 } as const;

/**
 * A number as a native-histogram query spells it: large round sizes in exponent form
 * (`1e6`, `5e5`), others as JavaScript prints them (`1`, `2.5`), infinity as `+Inf`. Unlike an
 * `le` label value, this is a number literal: any spelling of the same value works.
 */
export function promqlNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Math.abs(value) >= 100_000) return value.toExponential().replace('e+', 'e');
  return String(value);
}

/** A size range between two boundaries of the seed layout: (lower, upper] in bytes. */
export interface SizeRange {
  readonly lower: number;
  readonly upper: number;
}

/**
 * The ranges between the seed's size boundaries, and above the last: the buckets of the classic
 * dashboards, which the native dashboards read as histogram_fraction() over each range, so the
 * two compare.
 */
export const SIZE_RANGES: readonly SizeRange[] = (() => {
  const bounds = UPLOADED_FILE_BYTES.boundaries.seed;
  return [...bounds, Number.POSITIVE_INFINITY].map((upper, index) => ({
    lower: index === 0 ? 0 : (bounds[index - 1] ?? 0),
    upper,
  }));
})();

/** `name{matchers}[window]` for rate() and increase(). */
const ranged = (series: string, window: string) => `${series}[${window}]`;

/** The selectors of a classic-histogram pipeline, from the registry's template and the metric definitions. */
export interface ClassicSelectors {
  readonly uploads: string;
  readonly sizeBucket: string;
  readonly sizeSum: string;
  readonly sizeCount: string;
  readonly durationBucket: string;
  readonly durationCount: string;
  /** The cumulative bucket of one boundary: `..._bucket{le="1e+06"}`, `le` spelt as Prometheus stores it. */
  readonly bucketAt: (metric: HistogramDefinition, bound: number) => string;
}

export function classicSelectors(pipeline: Pipeline): ClassicSelectors {
  return {
    uploads: pipelineSeries(pipeline, FILE_UPLOADS_TOTAL.name),
    sizeBucket: pipelineSeries(pipeline, UPLOADED_FILE_BYTES.name, '_bucket'),
    sizeSum: pipelineSeries(pipeline, UPLOADED_FILE_BYTES.name, '_sum'),
    sizeCount: pipelineSeries(pipeline, UPLOADED_FILE_BYTES.name, '_count'),
    durationBucket: pipelineSeries(pipeline, HTTP_REQUEST_DURATION_SECONDS.name, '_bucket'),
    durationCount: pipelineSeries(pipeline, HTTP_REQUEST_DURATION_SECONDS.name, '_count'),
    bucketAt: (metric, bound) => pipelineSeries(pipeline, metric.name, '_bucket', [`le="${formatLe(bound)}"`]),
  };
}

/**
 * The selectors of a native-histogram pipeline: one series per histogram, named like the
 * metric itself (no _bucket, _sum or _count), and the counter as in every pipeline.
 */
export interface NativeSelectors {
  readonly uploads: string;
  readonly size: string;
  readonly duration: string;
}

export function nativeSelectors(pipeline: Pipeline): NativeSelectors {
  return {
    uploads: pipelineSeries(pipeline, FILE_UPLOADS_TOTAL.name),
    size: pipelineSeries(pipeline, UPLOADED_FILE_BYTES.name),
    duration: pipelineSeries(pipeline, HTTP_REQUEST_DURATION_SECONDS.name),
  };
}

/**
 * The queries that read one histogram the same way in either representation: what the
 * comparison dashboard overlays, and what the pipeline dashboards reuse.
 */
export interface HistogramQueries {
  /** The q-quantile of the observations in the window, over all label sets. */
  quantile(q: number, by?: readonly string[]): string;
  /** Observations since the app started, over all label sets: exact in both representations. */
  readonly countSinceStart: string;
  /** The sum of the observations since the app started: exact in both representations. */
  readonly sumSinceStart: string;
  /**
   * Observations per second in each bucket, averaged over the window: what a heatmap draws.
   * The heatmap rule, the same for every heatmap (Grafana's and Perses'): rate(), never
   * increase(). A per-second value does not depend on the column width, so the colours do not
   * change with the zoom, and windows that overlap neighbouring columns only smooth: nothing is
   * counted in several columns. `$__rate_interval` covers the step and four scrapes, so no
   * observation falls between two columns. (increase() over `$__rate_interval` counted each
   * observation in about four columns; increase() over the step would need a min interval tied
   * to the scrape interval and still extrapolates.) Draw it with a per-second unit.
   */
  readonly heatmap: string;
}

/** One histogram of a pipeline, read in its representation, with rate() and increase() over `window`. */
export function histogramQueries(
  pipeline: Pipeline,
  representation: Representation,
  metric: HistogramDefinition,
  window: string = RATE_INTERVAL,
): HistogramQueries {
  if (representation === 'native') {
    const series = pipelineSeries(pipeline, metric.name);
    return {
      quantile: (q, by = []) => quantileQuery(pipeline, metric.name, representation, { q, by, window }),
      countSinceStart: `histogram_count(${sumBy(series)})`,
      sumSinceStart: `histogram_sum(${sumBy(series)})`,
      heatmap: sumBy(`rate(${ranged(series, window)})`),
    };
  }
  const bucket = pipelineSeries(pipeline, metric.name, '_bucket');
  return {
    quantile: (q, by = []) => quantileQuery(pipeline, metric.name, representation, { q, by, window }),
    countSinceStart: sumBy(pipelineSeries(pipeline, metric.name, '_count')),
    sumSinceStart: sumBy(pipelineSeries(pipeline, metric.name, '_sum')),
    heatmap: sumBy(`rate(${ranged(bucket, window)})`, ['le']),
  };
}

/** `a - b`: two single-series results with no labels, matched one to one. */
export function difference(minuend: string, subtrahend: string): string {
  return `${minuend} - ${subtrahend}`;
}

/**
 * The queries every pipeline dashboard has, by name: the same meaning and the same panel in
 * every dashboard, with the expression of the pipeline's representation.
 */
export interface SharedQueries {
  /** Uploads since the apps started: the counter itself, exact (no extrapolation). */
  readonly totalUploads: string;
  /** Uploads per second over all types. */
  readonly uploadRate: string;
  /** Uploads per second, one series per file type. */
  readonly uploadRateByType: string;
  /** Mean upload size in the window: the rate of the sum over the rate of the count. */
  readonly averageFileSize: string;
  /** Size quantiles estimated from the buckets, over all file types. */
  readonly fileSizeQuantile: Readonly<Record<SizeQuantile, string>>;
  /** p95 request duration, one series per file type. */
  readonly durationP95ByType: string;
  /** Uploads per second per size bucket: what a heatmap draws (see HistogramQueries.heatmap). */
  readonly fileSizeHeatmap: string;
  /** Requests per second per duration bucket. */
  readonly durationHeatmap: string;
  /** Uploads since start per file type, from the counter. */
  readonly uploadsByType: string;
  /** Files since start per file type, from the size histogram's count. */
  readonly filesByType: string;
  /** Files of at most 1 MB since start (classic: one cumulative bucket, exact; native: estimated). */
  readonly filesUnder1MB: string;
  /** The share of files of at most 1 MB since start. */
  readonly shareUnder1MB: string;
  /** The share of requests within the satisfied threshold, in the window. */
  readonly requestsWithinTarget: string;
  /** Apdex: (satisfied + tolerating / 2) / all, with T = 1 s and tolerating up to 4T (DURATION_SLO). */
  readonly apdex: string;
}

/** The queries of a classic-histogram pipeline (`_bucket` series with `le`, `_sum`, `_count`). */
export interface ClassicQueries extends SharedQueries {
  /** Cumulative bucket counters since start, one series per `le`. */
  readonly fileSizeBuckets: string;
}

/** The queries of a native-histogram pipeline (one series per histogram, exponential buckets). */
export interface NativeQueries extends SharedQueries {
  /**
   * The share of files since start in each of SIZE_RANGES, by its upper bound as a number literal
   * (`promqlNumber(range.upper)`: "1e5", "+Inf"): histogram_fraction().
   */
  readonly fileSizeShares: Readonly<Record<string, string>>;
}

export type PipelineQueries = ClassicQueries | NativeQueries;

/** The quantiles, heatmaps and counter queries both representations write alike. */
function commonQueries(pipeline: Pipeline, representation: Representation, window: string) {
  const uploads = pipelineSeries(pipeline, FILE_UPLOADS_TOTAL.name);
  const size = histogramQueries(pipeline, representation, UPLOADED_FILE_BYTES, window);
  const duration = histogramQueries(pipeline, representation, HTTP_REQUEST_DURATION_SECONDS, window);
  return {
    totalUploads: sumBy(uploads),
    uploadRate: sumBy(`rate(${ranged(uploads, window)})`),
    uploadRateByType: sumBy(`rate(${ranged(uploads, window)})`, [FILE_TYPE_LABEL]),
    uploadsByType: sumBy(uploads, [FILE_TYPE_LABEL]),
    fileSizeQuantile: {
      0.5: size.quantile(0.5),
      0.95: size.quantile(0.95),
      0.99: size.quantile(0.99),
    },
    durationP95ByType: duration.quantile(0.95, [FILE_TYPE_LABEL]),
    fileSizeHeatmap: size.heatmap,
    durationHeatmap: duration.heatmap,
  };
}

export function classicQueries(pipeline: Pipeline, window: string = RATE_INTERVAL): ClassicQueries {
  const s = classicSelectors(pipeline);
  const rate = (series: string) => `rate(${ranged(series, window)})`;
  const satisfied = sumBy(rate(s.bucketAt(HTTP_REQUEST_DURATION_SECONDS, DURATION_SLO.satisfiedSeconds)));
  const requests = sumBy(rate(s.durationCount));
  // histogram_fraction() reads classic buckets too (summed by le): exact where its bound is a
  // boundary (1 s), interpolated inside the bucket that holds it otherwise (4 s in the seed layout).
  const durationBuckets = sumBy(rate(s.durationBucket), ['le']);
  const within = (seconds: number) => `histogram_fraction(0, ${promqlNumber(seconds)}, ${durationBuckets})`;
  const under1MB = sumBy(s.bucketAt(UPLOADED_FILE_BYTES, SMALL_FILE_LIMIT_BYTES));
  return {
    ...commonQueries(pipeline, 'classic', window),
    averageFileSize: `${sumBy(rate(s.sizeSum))} / ${sumBy(rate(s.sizeCount))}`,
    fileSizeBuckets: sumBy(s.sizeBucket, ['le']),
    filesByType: sumBy(s.sizeCount, [FILE_TYPE_LABEL]),
    filesUnder1MB: under1MB,
    shareUnder1MB: `${under1MB} / ${sumBy(s.sizeCount)}`,
    requestsWithinTarget: `${satisfied} / ${requests}`,
    apdex: `(${within(DURATION_SLO.satisfiedSeconds)} + ${within(DURATION_SLO.toleratedSeconds)}) / 2`,
  };
}

/**
 * The queries of a native-histogram pipeline. sum() and sum by () add native histograms
 * bucket by bucket (no `le` to keep), rate() and increase() work on them as on counters, and
 * histogram_count(), histogram_sum(), histogram_quantile() and histogram_fraction() read the
 * result. Shares and counts "since start" read the histogram as it is, like the classic
 * dashboards read their cumulative buckets.
 */
export function nativeQueries(pipeline: Pipeline, window: string = RATE_INTERVAL): NativeQueries {
  const s = nativeSelectors(pipeline);
  const rate = (series: string) => `rate(${ranged(series, window)})`;
  const fraction = (lower: number, upper: number, histogram: string) =>
    `histogram_fraction(${promqlNumber(lower)}, ${promqlNumber(upper)}, ${histogram})`;
  const sizeRate = sumBy(rate(s.size));
  const durationRate = sumBy(rate(s.duration));
  const sizeSinceStart = sumBy(s.size);
  const under1MB = fraction(0, SMALL_FILE_LIMIT_BYTES, sizeSinceStart);
  const within = (seconds: number) => fraction(0, seconds, durationRate);
  return {
    ...commonQueries(pipeline, 'native', window),
    averageFileSize: `histogram_sum(${sizeRate}) / histogram_count(${sizeRate})`,
    fileSizeShares: Object.fromEntries(
      SIZE_RANGES.map((range) => [promqlNumber(range.upper), fraction(range.lower, range.upper, sizeSinceStart)]),
    ),
    filesByType: sumBy(`histogram_count(${s.size})`, [FILE_TYPE_LABEL]),
    filesUnder1MB: `${under1MB} * histogram_count(${sizeSinceStart})`,
    shareUnder1MB: under1MB,
    requestsWithinTarget: within(DURATION_SLO.satisfiedSeconds),
    apdex: `(${within(DURATION_SLO.satisfiedSeconds)} + ${within(DURATION_SLO.toleratedSeconds)}) / 2`,
  };
}

/** The queries of a pipeline, in its representation. */
export function pipelineQueries(
  pipeline: Pipeline,
  representation: Representation,
  window: string = RATE_INTERVAL,
): PipelineQueries {
  return representation === 'native' ? nativeQueries(pipeline, window) : classicQueries(pipeline, window);
}
