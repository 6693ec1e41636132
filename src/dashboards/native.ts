/**
 * The pipeline dashboard's panels for native histograms: one series per histogram whose every
 * sample holds the count, the sum and exponential buckets, read with the histogram_* functions.
 */
import type { Pipeline } from '../pipelines/registry.js';
import {
  DURATION_SLO,
  type NativeQueries,
  type NativeSelectors,
  nativeQueries,
  nativeSelectors,
  promqlNumber,
  SIZE_RANGES,
  SMALL_FILE_LIMIT_BYTES,
} from '../promql/dashboards.js';
import { code, HEATMAP_RATE, heatmapTarget, rateOf, UNITS } from './common.js';
import type { DescribedPanel, PanelRepresentation, SizeDistribution } from './representation.js';
import { sizeRangeLegend } from './sizeRanges.js';

/** 2^(2^-scale) - 1 as a rounded percentage, for the examples in descriptions. */
const bucketWidth = (scale: number) => `${((2 ** (2 ** -scale) - 1) * 100).toFixed(1)}%`;

/** What a native histogram is and how its buckets are laid out: said once per description that needs it. */
function exponentialBuckets(series: string): string {
  return (
    `${code(series)} is a native histogram: one series whose every sample holds the count, the sum and the ` +
    'populated buckets of the observations. The buckets are exponential: ' +
    'their bounds are the powers of 2^(2^-scale), so every upper bound is 2^(2^-scale) times its lower bound. ' +
    'The OpenTelemetry SDK picks the scale: it starts at 20 and lowers it until the observed range fits into ' +
    '160 buckets; Prometheus keeps at most scale 8.'
  );
}

/** The precision of a value estimated inside one exponential bucket. */
const EXPONENTIAL_ERROR =
  'Prometheus interpolates inside the bucket that holds the answer, so the estimate is off by less than ' +
  "that bucket's relative width 2^(2^-scale) - 1, the same relative precision for small values as for large " +
  `ones. With the demo's workload the file sizes end at scale 4 (${bucketWidth(4)}), the durations at scale 5 ` +
  `(${bucketWidth(5)}); sum() brings histograms of different scales to the coarsest of them.`;

/** Why a native heatmap target keeps format "Time series". */
export const NATIVE_HEATMAP_FORMAT =
  "Each step is one native histogram; Grafana's Prometheus data source turns it into heatmap cells, one per " +
  'bucket with its lower and upper bound, and the heatmap draws them on a base-2 logarithmic y axis, where ' +
  'the exponential buckets of one scale are equally tall. The target keeps format "Time series" on purpose: ' +
  'format "Heatmap" converts cumulative classic bucket series (sorting them and subtracting neighbours), which ' +
  'a native histogram does not need. "calculate" is off because the SDK already bucketed the values.';

/** What each representation-dependent panel shows and how its query reads native histograms. */
function nativeDescriptions(s: NativeSelectors): Readonly<Record<DescribedPanel, string>> {
  const { satisfiedSeconds, toleratedSeconds } = DURATION_SLO;
  const limit = promqlNumber(SMALL_FILE_LIMIT_BYTES);
  return {
    averageFileSize:
      `Mean size of the files uploaded in the window: histogram_sum() divided by histogram_count() of ` +
      `${code(`sum(${rateOf(s.size)})`)}. Every sample of the native histogram ` +
      `${code(s.size)} carries the exact count and sum of its observations besides the buckets, ` +
      'so the mean is exact, unlike a quantile, which is estimated from buckets.',
    fileSizeP95:
      `95% of the files uploaded in the window are at most this large: ` +
      `${code(`histogram_quantile(0.95, sum(${rateOf(s.size)}))`)}. sum() adds the file types' ` +
      `native histograms bucket by bucket; no bucket label needs to stay. ${exponentialBuckets(s.size)} ${EXPONENTIAL_ERROR}`,
    filesUnder1MB:
      `Files of at most 1 MB since the app started, estimated: ${code(`histogram_fraction(0, ${limit}, sum(${s.size}))`)}, ` +
      `the share of the files between 0 and 1 MB, times ${code(`histogram_count(sum(${s.size}))`)}. ` +
      'Read without rate(), the histogram holds every upload since the start. 1 MB = 10^6 bytes is a bucket ' +
      'boundary at no scale (no power of 2^(2^-scale) equals 10^6), so Prometheus interpolates inside the bucket that ' +
      'holds 1 MB: the result need not be a whole number, and it can be off by at most the files of that one ' +
      'bucket. The classic dashboards count this exactly, because 1 MB is one of their explicit bucket bounds.',
    apdex:
      `Application performance index from the native histogram ${code(s.duration)} with the target ` +
      `T = ${satisfiedSeconds} s: a request within T satisfies (counts 1), one within 4T = ${toleratedSeconds} s is ` +
      'tolerating (counts half), a slower one frustrated (0); 1 means every request was fast. ' +
      `${code(`histogram_fraction(0, ${promqlNumber(satisfiedSeconds)}, sum(${rateOf(s.duration)}))`)} is the share ` +
      `within T, ${code(`histogram_fraction(0, ${promqlNumber(toleratedSeconds)}, ...)`)} the share within 4T, and ` +
      `their mean is exactly that score. ${satisfiedSeconds} s = 2^0 and ${toleratedSeconds} s = 2^2 are bucket ` +
      'boundaries at every scale, so both shares are exact (the classic dashboards interpolate 4 s inside their ' +
      '(2.5 s, 5 s] bucket).',
    fileSizePercentiles:
      `Median, 95th and 99th percentile of the file size, each ${code('histogram_quantile(q, sum(rate(...[$__rate_interval])))')} ` +
      `over the native histogram ${code(s.size)}. sum() merges the file types (and app instances) ` +
      'into one histogram, adding bucket by bucket; rate() makes it "files per second in each bucket" over ' +
      `the window, so the quantiles follow recent uploads. ${EXPONENTIAL_ERROR}`,
    fileSizeHeatmap:
      `Files uploaded per second per size bucket (rows) and time slot (columns), from ${code(`sum(rate(${s.size}[$__rate_interval]))`)}. ` +
      `${HEATMAP_RATE} ${NATIVE_HEATMAP_FORMAT}`,
    shareUnder1MB:
      'The fraction of all files since the app started that are at most 1 MB: ' +
      `${code(`histogram_fraction(0, ${limit}, sum(${s.size}))`)}. Read without rate(), ` +
      "the native histogram covers every upload since the start, like the classic dashboards' share. " +
      '10^6 is no power of 2^(2^-scale), hence no bucket boundary, so the fraction is interpolated inside ' +
      'the bucket that holds 1 MB: exact only at bucket boundaries, and here off by at most the share of that ' +
      'one bucket.',
    durationP95ByType:
      '95th percentile of the upload request duration per file type: ' +
      `${code(`histogram_quantile(0.95, sum by (file_type) (${rateOf(s.duration)}))`)}. Keeping ` +
      'file_type in the "by" clause gives one native histogram, hence one quantile, per type; no bucket label ' +
      `needs to stay in it. ${EXPONENTIAL_ERROR} Exponential buckets have no last finite bound: a slow request is never ` +
      'capped at one, as with classic buckets.',
    durationHeatmap:
      `Requests per second per duration bucket over time, from ${code(`sum(rate(${s.duration}[$__rate_interval]))`)}. ` +
      `Bands show the duration modes of the file types: larger files take longer. ${HEATMAP_RATE} ${NATIVE_HEATMAP_FORMAT}`,
    requestsWithinTarget:
      `The fraction of requests that took at most ${satisfiedSeconds} s in the window: ` +
      `${code(`histogram_fraction(0, ${promqlNumber(satisfiedSeconds)}, sum(${rateOf(s.duration)}))`)}. ` +
      `${satisfiedSeconds} s = 2^0 is a bucket boundary at every scale, so this fraction is exact, as with the classic ` +
      "dashboards' 1 s bucket; a threshold between boundaries (say 0.3 s) would be interpolated. This is how an SLO " +
      'such as "99% of requests within 1 s" is measured from a histogram.',
  };
}

/** The size distribution's bar gauge. */
function nativeSizeDistribution(queries: NativeQueries, s: NativeSelectors): SizeDistribution {
  return {
    description:
      'Share of all files since the app started in each size range, one bar per range: the buckets of the ' +
      `classic dashboards (${SIZE_RANGES.map(sizeRangeLegend).join(', ')}), so the bars compare with ` +
      `theirs. Each is ${code(`histogram_fraction(lower, upper, sum(${s.size}))`)}, read without ` +
      'rate() so that it covers every upload since the start. A native histogram has no per-bucket series to ' +
      'show as bars, and its own buckets are too many and too narrow for a bar each. The range bounds are no ' +
      'exponential bucket boundaries, so every share is interpolated inside the buckets at its two ends: exact ' +
      'only at bucket boundaries, estimated elsewhere. The shares add up to 1; "> 100 MB" can show a sliver ' +
      'although no file is larger, because the bucket that holds 100 MB reaches above it.',
    unit: UNITS.ratio,
    max: 1,
    targets: SIZE_RANGES.map((range) => {
      const legend = sizeRangeLegend(range);
      const expr = queries.fileSizeShares[promqlNumber(range.upper)];
      if (expr === undefined) throw new Error(`no share query for ${legend}`);
      return { expr, legend, instant: true };
    }),
  };
}

export function nativePanels(pipeline: Pipeline): PanelRepresentation {
  const queries = nativeQueries(pipeline);
  const s = nativeSelectors(pipeline);
  return {
    queries,
    uploads: s.uploads,
    describe: nativeDescriptions(s),
    filesByTypeSource: `the native histogram's count, ${code(`histogram_count(${s.size})`)} summed by file_type`,
    heatmapTarget: (legend) => heatmapTarget('native', legend),
    sizeDistribution: nativeSizeDistribution(queries, s),
  };
}
