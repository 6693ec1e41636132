/**
 * The pipeline dashboard's panels for classic histograms: `_bucket` series with `le`, `_sum`
 * and `_count`. Exact at bucket boundaries, estimated by linear interpolation between them.
 */

import { HTTP_REQUEST_DURATION_SECONDS, UPLOADED_FILE_BYTES } from '../metrics/definitions.js';
import type { Pipeline } from '../pipelines/registry.js';
import { formatLe } from '../prometheus/le.js';
import {
  type ClassicQueries,
  type ClassicSelectors,
  classicQueries,
  classicSelectors,
  DURATION_SLO,
  SIZE_RANGES,
  SMALL_FILE_LIMIT_BYTES,
} from '../promql/dashboards.js';
import { code, HEATMAP_RATE, heatmapTarget, LEGEND, UNITS } from './common.js';
import type { DescribedPanel, PanelRepresentation, SizeDistribution } from './representation.js';
import { sizeRangeLegend } from './sizeRanges.js';

const SIZE_BOUNDARIES = UPLOADED_FILE_BYTES.boundaries.seed.map((bound) => formatLe(bound)).join(', ');
const LAST_DURATION_BOUND = HTTP_REQUEST_DURATION_SECONDS.boundaries.seed.at(-1);

/** Each size bucket's `le` as Prometheus stores it, with the range it closes: "1e+06" -> "(500 kB, 1 MB]". */
export const SIZE_BUCKET_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  SIZE_RANGES.map((range) => [formatLe(range.upper), sizeRangeLegend(range)]),
);

/** The duration bucket that holds the tolerating threshold 4T, when that is no boundary of the seed layout. */
function bucketAround(seconds: number): string {
  const bounds = HTTP_REQUEST_DURATION_SECONDS.boundaries.seed;
  if (bounds.includes(seconds)) return `${seconds} s is a boundary of the seed layout, so both shares are exact`;
  const upper = bounds.find((bound) => bound > seconds);
  const lower = [...bounds].reverse().find((bound) => bound < seconds) ?? 0;
  return (
    `${seconds} s is no boundary of the seed layout: histogram_fraction() interpolates linearly inside its ` +
    `bucket (${lower} s, ${upper ?? '+Inf'} s], as histogram_quantile() does, so that share is an estimate ` +
    '(exact with a layout that has a boundary at 4T)'
  );
}

/** What each representation-dependent panel shows and how its query reads classic histograms. */
function classicDescriptions(s: ClassicSelectors): Readonly<Record<DescribedPanel, string>> {
  const { satisfiedSeconds, toleratedSeconds } = DURATION_SLO;
  return {
    averageFileSize:
      `Mean size of the files uploaded in the window: the rate of ${code(s.sizeSum)} (bytes) ` +
      `divided by the rate of ${code(s.sizeCount)} (files). Every histogram has these two series, ` +
      'so the mean is exact, unlike a quantile, which is estimated from buckets.',
    fileSizeP95:
      `95% of the files uploaded in the window are at most this large. histogram_quantile() finds the bucket of ` +
      `${code(s.sizeBucket)} that holds the 95th percentile and interpolates linearly inside it, so the ` +
      'value is an estimate whose precision is the width of that bucket.',
    filesUnder1MB:
      `Files of at most 1 MB since the app started: the single bucket ${code(s.bucketAt(UPLOADED_FILE_BYTES, SMALL_FILE_LIMIT_BYTES))}. ` +
      'Buckets are cumulative: le="1e+06" counts every file up to 1 MB, the smaller buckets included. ' +
      'Prometheus stores le normalised (1e+06, not 1000000), and a label matcher compares text, so the ' +
      'spelling must match exactly.',
    apdex:
      `Application performance index from the duration histogram ${code(s.durationBucket)} with the target ` +
      `T = ${satisfiedSeconds} s: a request within T satisfies (counts 1), one within 4T = ${toleratedSeconds} s ` +
      'is tolerating (counts half), a slower one frustrated (0); 1 means every request was fast. ' +
      `${code(`histogram_fraction(0, x, sum by (le) (${`rate(${s.durationBucket}[$__rate_interval])`}))`)} is the share of ` +
      'requests within x, and (share within T + share within 4T) / 2 is exactly that score. ' +
      `${satisfiedSeconds} s (le="${formatLe(satisfiedSeconds)}") is a boundary, so that share is exact; ${bucketAround(toleratedSeconds)}.`,
    fileSizePercentiles:
      `Median, 95th and 99th percentile of the file size, each ${code('histogram_quantile(q, sum by (le) (rate(...[$__rate_interval])))')} ` +
      `over ${code(s.sizeBucket)}. Summing by le first merges the file types (and app instances) into one ` +
      'histogram; rate() makes it "files per second in each bucket" over the window, so the quantiles follow ' +
      'recent uploads instead of all uploads since start.',
    fileSizeHeatmap:
      `Files uploaded per second per size bucket (rows) and time slot (columns), from ${code(`rate(${s.sizeBucket}[$__rate_interval])`)} ` +
      'summed by le. With format "Heatmap" Grafana sorts the rows by le and subtracts neighbouring cumulative ' +
      'buckets, so each cell holds only the files between two boundaries; "calculate" is off because the app ' +
      `already bucketed the values. ${HEATMAP_RATE} The rows are the buckets, one equally tall row each whatever its width.`,
    shareUnder1MB:
      `The fraction of all files that are at most 1 MB: the bucket le="${formatLe(SMALL_FILE_LIMIT_BYTES)}" ` +
      `divided by ${code(s.sizeCount)}. _count always equals the +Inf bucket, so this is "bucket / total". ` +
      'Such fractions are exact at bucket boundaries and only there.',
    durationP95ByType:
      `95th percentile of the upload request duration per file type: histogram_quantile over ` +
      `${code(s.durationBucket)} summed by (le, file_type). Keeping file_type in the "by" clause gives one ` +
      'histogram, hence one quantile, per type; le must always stay in it. Beyond the last finite bucket ' +
      `(${LAST_DURATION_BOUND} s) histogram_quantile can only answer that bucket's bound.`,
    durationHeatmap:
      `Requests per second per duration bucket over time, from ${code(`rate(${s.durationBucket}[$__rate_interval])`)} ` +
      'summed by le, with format "Heatmap" (per-bucket values, sorted by le). Bands show the duration modes of ' +
      `the file types: larger files take longer. ${HEATMAP_RATE}`,
    requestsWithinTarget:
      `The fraction of requests that took at most ${satisfiedSeconds} s in the window: the rate of the ` +
      `bucket le="${formatLe(satisfiedSeconds)}" over the rate of ${code(s.durationCount)}. ` +
      'This is how an SLO such as "99% of requests within 1 s" is measured from a histogram.',
  };
}

/** The size distribution's bar gauge. */
function classicSizeDistribution(queries: ClassicQueries, s: ClassicSelectors): SizeDistribution {
  return {
    description:
      `Files per size bucket since the app started, one bar per bucket (le = ${SIZE_BOUNDARIES}, +Inf). The query ` +
      `reads the cumulative counters ${code(s.sizeBucket)} as they are; format "Heatmap" turns them into ` +
      'per-bucket counts, and each bar is named by the range it counts: the bucket le="1e+06" is shown as ' +
      `"${SIZE_BUCKET_NAMES['1e+06']}", the files above 500 kB and at most 1 MB, as the native dashboard names its bars.`,
    unit: UNITS.count,
    targets: [{ expr: queries.fileSizeBuckets, legend: LEGEND.perBucket, format: 'heatmap', instant: true }],
    displayNames: SIZE_BUCKET_NAMES,
  };
}

export function classicPanels(pipeline: Pipeline): PanelRepresentation {
  const queries = classicQueries(pipeline);
  const s = classicSelectors(pipeline);
  return {
    queries,
    uploads: s.uploads,
    describe: classicDescriptions(s),
    filesByTypeSource: `the size histogram's ${code(s.sizeCount)}`,
    heatmapTarget: (legend) => heatmapTarget('classic', legend),
    sizeDistribution: classicSizeDistribution(queries, s),
  };
}
