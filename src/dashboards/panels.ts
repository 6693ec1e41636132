/**
 * The panels of a histogram dashboard. Each function builds one panel for one pipeline from
 * that pipeline's queries (queries.ts); the dashboard (dashboard.ts) places them. Every
 * description says what the panel shows and how the query gets it, for someone learning
 * Prometheus histograms.
 */

import { PanelBuilder as BarGaugePanel } from '@grafana/grafana-foundation-sdk/bargauge';
import {
  BarGaugeDisplayMode,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  LegendDisplayMode,
  LegendPlacement,
  StackingConfigBuilder,
  StackingMode,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizOrientation,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  CellValuesBuilder,
  PanelBuilder as HeatmapPanel,
  YAxisConfigBuilder,
} from '@grafana/grafana-foundation-sdk/heatmap';
import {
  PieChartLabels,
  PieChartLegendOptionsBuilder,
  PieChartLegendValues,
  PanelBuilder as PieChartPanel,
  PieChartType,
} from '@grafana/grafana-foundation-sdk/piechart';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { FILE_TYPES, HTTP_REQUEST_DURATION_SECONDS, UPLOADED_FILE_BYTES } from '../metrics/definitions.js';
import { SEED_PROFILES } from '../workload/uploads.js';
import { DATASOURCE_REF, histogramUnit, LEGEND, lastValue, promTarget, thresholds, UNITS } from './common.js';
import type { DashboardPipeline } from './pipelines.js';
import {
  type ClassicQueries,
  classicQueries,
  DURATION_SLO,
  type NativeQueries,
  type NativeSeries,
  nativeQueries,
  nativeSeries,
  type PipelineSeries,
  pipelineSeries,
  prometheusLe,
  promqlNumber,
  SIZE_QUANTILES,
  SIZE_RANGES,
  SMALL_FILE_LIMIT_BYTES,
} from './queries.js';

/** What a panel needs to know about its pipeline: its queries and series, in the shape of its histograms. */
export type PanelContext = ClassicContext | NativeContext;

export interface ClassicContext {
  readonly pipeline: DashboardPipeline;
  readonly histograms: 'classic';
  readonly queries: ClassicQueries;
  readonly series: PipelineSeries;
}

export interface NativeContext {
  readonly pipeline: DashboardPipeline;
  readonly histograms: 'native';
  readonly queries: NativeQueries;
  readonly series: NativeSeries;
}

/** The context of a pipeline's panels, with the dashboards' `$__rate_interval`. */
export function panelContext(pipeline: DashboardPipeline): PanelContext {
  const { namespace } = pipeline;
  return pipeline.histograms === 'native'
    ? { pipeline, histograms: 'native', queries: nativeQueries({ namespace }), series: nativeSeries(namespace) }
    : { pipeline, histograms: 'classic', queries: classicQueries({ namespace }), series: pipelineSeries(namespace) };
}

/** Any panel builder: every panel type's builder has these. */
export type AnyPanelBuilder = StatPanel | TimeseriesPanel | HeatmapPanel | BarGaugePanel | PieChartPanel;

const MB = 1_000_000;
const SIZE_UNIT = histogramUnit(UPLOADED_FILE_BYTES);
const DURATION_UNIT = histogramUnit(HTTP_REQUEST_DURATION_SECONDS);
const SIZE_BOUNDARIES = UPLOADED_FILE_BYTES.boundaries.seed.map((bound) => prometheusLe(bound)).join(', ');

const LAST_DURATION_BOUND = HTTP_REQUEST_DURATION_SECONDS.boundaries.seed.at(-1);

const code = (text: string) => `\`${text}\``;
const percent = (q: number) => `p${Math.round(q * 100)}`;
const rateOf = (series: string) => `rate(${series}[$__rate_interval])`;
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
const NATIVE_HEATMAP_FORMAT =
  "Each step is one native histogram; Grafana's Prometheus data source turns it into heatmap cells, one per " +
  'bucket with its lower and upper bound, and the heatmap draws them on a base-2 logarithmic y axis, where ' +
  'the exponential buckets of one scale are equally tall. The target keeps format "Time series" on purpose: ' +
  'format "Heatmap" converts cumulative classic bucket series (sorting them and subtracting neighbours), which ' +
  'a native histogram does not need. "calculate" is off because the SDK already bucketed the values.';

function stat(title: string, description: string, unit: string): StatPanel {
  return new StatPanel()
    .title(title)
    .description(description)
    .datasource(DATASOURCE_REF)
    .unit(unit)
    .reduceOptions(lastValue())
    .graphMode(BigValueGraphMode.Area)
    .colorMode(BigValueColorMode.Value)
    .textMode(BigValueTextMode.Auto);
}

function timeseries(title: string, description: string, unit: string): TimeseriesPanel {
  return new TimeseriesPanel()
    .title(title)
    .description(description)
    .datasource(DATASOURCE_REF)
    .unit(unit)
    .min(0)
    .fillOpacity(10)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .calcs([]),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi));
}

function heatmap(title: string, description: string, yUnit: string): HeatmapPanel {
  return (
    new HeatmapPanel()
      .title(title)
      .description(description)
      .datasource(DATASOURCE_REF)
      .unit(UNITS.count)
      // The buckets are already counted by the app: Grafana must draw them, not re-bucket the values.
      .calculate(false)
      .yAxis(new YAxisConfigBuilder().unit(yUnit))
      .cellValues(new CellValuesBuilder().unit(UNITS.count))
      .showLegend()
  );
}

function bargauge(title: string, description: string, unit: string): BarGaugePanel {
  return new BarGaugePanel()
    .title(title)
    .description(description)
    .datasource(DATASOURCE_REF)
    .unit(unit)
    .min(0)
    .reduceOptions(lastValue('last'))
    .orientation(VizOrientation.Vertical)
    .displayMode(BarGaugeDisplayMode.Gradient);
}

export function totalUploads({ queries, series }: PanelContext): StatPanel {
  return stat(
    'Total Uploads',
    `Uploads recorded since the app started: the counter ${code(series.uploads)} summed over file types. ` +
      'A counter only goes up (and restarts from 0 with the app), so its current value is the exact total; ' +
      'no rate() is needed for a total.',
    UNITS.count,
  ).withTarget(promTarget('A', queries.totalUploads, { legend: 'uploads' }));
}

export function uploadRate({ queries, series }: PanelContext): StatPanel {
  return stat(
    'Upload Rate',
    `Uploads per second: ${code(rateOf(series.uploads))}, the counter's increase per ` +
      'second averaged over the window, summed over file types. $__rate_interval is at least four scrape ' +
      'intervals, so every window holds enough samples. After a short burst (run --count) the rate falls back to 0.',
    UNITS.filesPerSecond,
  ).withTarget(promTarget('A', queries.uploadRate, { legend: 'uploads/s' }));
}

export function averageFileSize(context: PanelContext): StatPanel {
  const description =
    context.histograms === 'native'
      ? `Mean size of the files uploaded in the window: histogram_sum() divided by histogram_count() of ` +
        `${code(`sum(${rateOf(context.series.size)})`)}. Every sample of the native histogram ` +
        `${code(context.series.size)} carries the exact count and sum of its observations besides the buckets, ` +
        'so the mean is exact, unlike a quantile, which is estimated from buckets.'
      : `Mean size of the files uploaded in the window: the rate of ${code(context.series.sizeSum)} (bytes) ` +
        `divided by the rate of ${code(context.series.sizeCount)} (files). Every histogram has these two series, ` +
        'so the mean is exact, unlike a quantile, which is estimated from buckets.';
  return stat('Average File Size', description, SIZE_UNIT).withTarget(
    promTarget('A', context.queries.averageFileSize, { legend: 'average' }),
  );
}

export function fileSizeP95(context: PanelContext): StatPanel {
  const colours = 'Green below 10 MB, orange from 10 MB, red from 50 MB.';
  const description =
    context.histograms === 'native'
      ? `95% of the files uploaded in the window are at most this large: ` +
        `${code(`histogram_quantile(0.95, sum(${rateOf(context.series.size)}))`)}. sum() adds the file types' ` +
        `native histograms bucket by bucket; no bucket label needs to stay. ${exponentialBuckets(context.series.size)} ${EXPONENTIAL_ERROR} ${colours}`
      : `95% of the files uploaded in the window are at most this large. histogram_quantile() finds the bucket of ` +
        `${code(context.series.sizeBucket)} that holds the 95th percentile and interpolates linearly inside it, so the ` +
        `value is an estimate whose precision is the width of that bucket. ${colours}`;
  return stat('95th Percentile', description, SIZE_UNIT)
    .thresholds(thresholds('green', [10 * MB, 'orange'], [50 * MB, 'red']))
    .colorMode(BigValueColorMode.Background)
    .withTarget(promTarget('A', context.queries.fileSizeQuantile[0.95], { legend: 'p95' }));
}

export function filesUnder1MB(context: PanelContext): StatPanel {
  const limit = promqlNumber(SMALL_FILE_LIMIT_BYTES);
  const description =
    context.histograms === 'native'
      ? `Files of at most 1 MB since the app started, estimated: ${code(`histogram_fraction(0, ${limit}, sum(${context.series.size}))`)}, ` +
        `the share of the files between 0 and 1 MB, times ${code(`histogram_count(sum(${context.series.size}))`)}. ` +
        'Read without rate(), the histogram holds every upload since the start. 1 MB = 10^6 bytes is a bucket ' +
        'boundary at no scale (no power of 2^(2^-scale) equals 10^6), so Prometheus interpolates inside the bucket that ' +
        'holds 1 MB: the result need not be a whole number, and it can be off by at most the files of that one ' +
        'bucket. The classic dashboards count this exactly, because 1 MB is one of their explicit bucket bounds.'
      : `Files of at most 1 MB since the app started: the single bucket ${code(`${context.series.sizeBucket}{le="${prometheusLe(SMALL_FILE_LIMIT_BYTES)}"}`)}. ` +
        'Buckets are cumulative: le="1e+06" counts every file up to 1 MB, the smaller buckets included. ' +
        'Prometheus stores le normalised (1e+06, not 1000000), and a label matcher compares text, so the ' +
        'spelling must match exactly.';
  return stat('Files under 1 MB', description, UNITS.count).withTarget(
    promTarget('A', context.queries.filesUnder1MB, { legend: 'files ≤ 1 MB' }),
  );
}

export function apdex(context: PanelContext): StatPanel {
  const { satisfiedSeconds, toleratedSeconds } = DURATION_SLO;
  const description =
    context.histograms === 'native'
      ? `Application performance index from the native histogram ${code(context.series.duration)}: ` +
        `${code(`histogram_fraction(0, ${promqlNumber(satisfiedSeconds)}, sum(${rateOf(context.series.duration)}))`)} ` +
        `is the share of requests within ${satisfiedSeconds} s, and ${code(`histogram_fraction(0, ${promqlNumber(toleratedSeconds)}, ...)`)} ` +
        `the share within ${toleratedSeconds} s; their mean gives full credit to fast requests, half credit to ` +
        `those in between and none to slower ones; 1 means every request was fast. ${satisfiedSeconds} s = 2^0 ` +
        `is a bucket boundary at every scale, so that share is exact; ${toleratedSeconds} s is not, so that share ` +
        'is interpolated inside the bucket that holds it (exact only at bucket boundaries).'
      : `Application performance index from the duration histogram ${code(context.series.durationBucket)}: requests within ` +
        `${satisfiedSeconds} s (le="${prometheusLe(satisfiedSeconds)}") count fully, ` +
        `those within ${toleratedSeconds} s (le="${prometheusLe(toleratedSeconds)}") ` +
        'count half, slower ones not at all; 1 means every request was fast. Because buckets are cumulative, ' +
        '(satisfied + tolerating) / 2 equals satisfied + half of those in between. Both thresholds must be ' +
        'bucket boundaries (they are in the default seed layout, not in --buckets fine).';
  return stat('Apdex (1 s target)', description, UNITS.ratio)
    .min(0)
    .max(1)
    .decimals(2)
    .thresholds(thresholds('red', [0.5, 'orange'], [0.7, 'yellow'], [0.85, 'green']))
    .colorMode(BigValueColorMode.Background)
    .withTarget(promTarget('A', context.queries.apdex, { legend: 'apdex' }));
}

export function fileSizePercentiles(context: PanelContext): TimeseriesPanel {
  const description =
    context.histograms === 'native'
      ? `Median, 95th and 99th percentile of the file size, each ${code('histogram_quantile(q, sum(rate(...[$__rate_interval])))')} ` +
        `over the native histogram ${code(context.series.size)}. sum() merges the file types (and app instances) ` +
        'into one histogram, adding bucket by bucket; rate() makes it "files per second in each bucket" over ' +
        'the window, so the quantiles follow ' +
        `recent uploads. ${EXPONENTIAL_ERROR}`
      : `Median, 95th and 99th percentile of the file size, each ${code('histogram_quantile(q, sum by (le) (rate(...[$__rate_interval])))')} ` +
        `over ${code(context.series.sizeBucket)}. Summing by le first merges the file types (and app instances) into one ` +
        'histogram; rate() makes it "files per second in each bucket" over the window, so the quantiles follow ' +
        'recent uploads instead of all uploads since start.';
  const panel = timeseries('File Size Percentiles Over Time', description, SIZE_UNIT);
  const refIds = ['A', 'B', 'C'];
  SIZE_QUANTILES.forEach((q, index) => {
    panel.withTarget(
      promTarget(refIds[index] ?? `Q${index}`, context.queries.fileSizeQuantile[q], { legend: percent(q) }),
    );
  });
  return panel;
}

export function fileSizeHeatmap(context: PanelContext): HeatmapPanel {
  if (context.histograms === 'native') {
    return heatmap(
      'Heatmap of File Sizes',
      `Files uploaded per size bucket (rows) and time slot (columns), from ${code(`sum(increase(${context.series.size}[$__rate_interval]))`)}. ` +
        NATIVE_HEATMAP_FORMAT,
      SIZE_UNIT,
    ).withTarget(promTarget('A', context.queries.fileSizeHeatmap, { legend: 'files' }));
  }
  return heatmap(
    'Heatmap of File Sizes',
    `Files uploaded per size bucket (rows) and time slot (columns), from ${code(`increase(${context.series.sizeBucket}[$__rate_interval])`)} ` +
      'summed by le. With format "Heatmap" Grafana sorts the rows by le and subtracts neighbouring cumulative ' +
      'buckets, so each cell counts only the files between two boundaries; "calculate" is off because the app ' +
      'already bucketed the values.',
    SIZE_UNIT,
  ).withTarget(promTarget('A', context.queries.fileSizeHeatmap, { legend: LEGEND.perBucket, format: 'heatmap' }));
}

export function fileSizeDistribution(context: PanelContext): BarGaugePanel {
  if (context.histograms === 'native') {
    const panel = bargauge(
      'File Size Distribution',
      'Share of all files since the app started in each size range, one bar per range: the buckets of the ' +
        `classic dashboards (${SIZE_RANGES.map((range) => range.legend).join(', ')}), so the bars compare with ` +
        `theirs. Each is ${code(`histogram_fraction(lower, upper, sum(${context.series.size}))`)}, read without ` +
        'rate() so that it covers every upload since the start. A native histogram has no per-bucket series to ' +
        'show as bars, and its own buckets are too many and too narrow for a bar each. The range bounds are no ' +
        'exponential bucket boundaries, so every share is interpolated inside the buckets at its two ends: exact ' +
        'only at bucket boundaries, estimated elsewhere. The shares add up to 1; "> 100 MB" can show a sliver ' +
        'although no file is larger, because the bucket that holds 100 MB reaches above it.',
      UNITS.ratio,
    ).max(1);
    SIZE_RANGES.forEach((range, index) => {
      const expr = context.queries.fileSizeShares[range.legend];
      if (expr === undefined) throw new Error(`no share query for ${range.legend}`);
      panel.withTarget(promTarget(String.fromCharCode(65 + index), expr, { legend: range.legend, instant: true }));
    });
    return panel;
  }
  return bargauge(
    'File Size Distribution',
    `Files per size bucket since the app started, one bar per bucket (le = ${SIZE_BOUNDARIES}, +Inf). The query ` +
      `reads the cumulative counters ${code(context.series.sizeBucket)} as they are; format "Heatmap" turns them into ` +
      'per-bucket counts, so a bar labelled 1e+06 counts the files above 500 KB and at most 1 MB.',
    UNITS.count,
  ).withTarget(
    promTarget('A', context.queries.fileSizeBuckets, { legend: LEGEND.perBucket, format: 'heatmap', instant: true }),
  );
}

export function shareUnder1MB(context: PanelContext): StatPanel {
  const description =
    context.histograms === 'native'
      ? 'The fraction of all files since the app started that are at most 1 MB: ' +
        `${code(`histogram_fraction(0, ${promqlNumber(SMALL_FILE_LIMIT_BYTES)}, sum(${context.series.size}))`)}. Read without rate(), ` +
        "the native histogram covers every upload since the start, like the classic dashboards' share. " +
        '10^6 is no power of 2^(2^-scale), hence no bucket boundary, so the fraction is interpolated inside ' +
        'the bucket that holds 1 MB: exact only at bucket boundaries, and here off by at most the share of that ' +
        'one bucket.'
      : `The fraction of all files that are at most 1 MB: the bucket le="${prometheusLe(SMALL_FILE_LIMIT_BYTES)}" ` +
        `divided by ${code(context.series.sizeCount)}. _count always equals the +Inf bucket, so this is "bucket / total". ` +
        'Such fractions are exact at bucket boundaries and only there.';
  return stat('Share of Files under 1 MB', description, UNITS.ratio)
    .min(0)
    .max(1)
    .withTarget(promTarget('A', context.queries.shareUnder1MB, { legend: 'share ≤ 1 MB' }));
}

export function uploadsByFileType({ queries, series }: PanelContext): PieChartPanel {
  return new PieChartPanel()
    .title('Uploads by File Type')
    .description(
      `Share of uploads per file type since the app started: ${code(series.uploads)} summed by file_type ` +
        `(${FILE_TYPES.join(', ')}). The workload draws them in proportions ${FILE_TYPES.map((type) => SEED_PROFILES[type].weight).join('/')}.`,
    )
    .datasource(DATASOURCE_REF)
    .unit(UNITS.count)
    .pieType(PieChartType.Pie)
    .reduceOptions(lastValue())
    .displayLabels([PieChartLabels.Percent])
    .legend(
      new PieChartLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Right)
        .values([PieChartLegendValues.Value, PieChartLegendValues.Percent]),
    )
    .withTarget(promTarget('A', queries.uploadsByType, { legend: LEGEND.perFileType, instant: true }));
}

export function filesByType(context: PanelContext): StatPanel {
  const source =
    context.histograms === 'native'
      ? `the native histogram's count, ${code(`histogram_count(${context.series.size})`)} summed by file_type`
      : `the size histogram's ${code(context.series.sizeCount)}`;
  return stat(
    'Files by Type',
    `Files per type since the app started, from ${source}, one value per file_type. A histogram's count ` +
      `counts the same events as the upload counter ${code(context.series.uploads)}, so these numbers must ` +
      'equal the pie chart: a difference means an observation was lost.',
    UNITS.count,
  )
    .textMode(BigValueTextMode.ValueAndName)
    .graphMode(BigValueGraphMode.None)
    .withTarget(promTarget('A', context.queries.filesByType, { legend: LEGEND.perFileType }));
}

export function uploadRateByType({ queries, series }: PanelContext): TimeseriesPanel {
  return timeseries(
    'Upload Rate by File Type',
    `Uploads per second per file type: ${code(rateOf(series.uploads))} summed by file_type, ` +
      'stacked so that the top line is the total rate.',
    UNITS.filesPerSecond,
  )
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
    .fillOpacity(30)
    .withTarget(promTarget('A', queries.uploadRateByType, { legend: LEGEND.perFileType }));
}

export function durationP95ByType(context: PanelContext): TimeseriesPanel {
  const description =
    context.histograms === 'native'
      ? '95th percentile of the upload request duration per file type: ' +
        `${code(`histogram_quantile(0.95, sum by (file_type) (${rateOf(context.series.duration)}))`)}. Keeping ` +
        'file_type in the "by" clause gives one native histogram, hence one quantile, per type; no bucket label ' +
        `needs to stay in it. ${EXPONENTIAL_ERROR} Exponential buckets have no last finite bound: a slow request is never ` +
        'capped at one, as with classic buckets.'
      : `95th percentile of the upload request duration per file type: histogram_quantile over ` +
        `${code(context.series.durationBucket)} summed by (le, file_type). Keeping file_type in the "by" clause gives one ` +
        'histogram, hence one quantile, per type; le must always stay in it. Beyond the last finite bucket ' +
        `(${LAST_DURATION_BOUND} s) histogram_quantile can only answer that bucket's bound.`;
  return timeseries('Request Duration by File Type (p95)', description, DURATION_UNIT).withTarget(
    promTarget('A', context.queries.durationP95ByType, { legend: `${LEGEND.perFileType} p95` }),
  );
}

export function durationHeatmap(context: PanelContext): HeatmapPanel {
  if (context.histograms === 'native') {
    return heatmap(
      'Heatmap of Request Durations',
      `Requests per duration bucket over time, from ${code(`sum(increase(${context.series.duration}[$__rate_interval]))`)}. ` +
        `Bands show the duration modes of the file types: larger files take longer. ${NATIVE_HEATMAP_FORMAT}`,
      DURATION_UNIT,
    ).withTarget(promTarget('A', context.queries.durationHeatmap, { legend: 'requests' }));
  }
  return heatmap(
    'Heatmap of Request Durations',
    `Requests per duration bucket over time, from ${code(`increase(${context.series.durationBucket}[$__rate_interval])`)} ` +
      'summed by le, with format "Heatmap" (per-bucket counts, sorted by le). Bands show the duration modes of ' +
      'the file types: larger files take longer.',
    DURATION_UNIT,
  ).withTarget(promTarget('A', context.queries.durationHeatmap, { legend: LEGEND.perBucket, format: 'heatmap' }));
}

export function requestsWithinTarget(context: PanelContext): StatPanel {
  const seconds = DURATION_SLO.satisfiedSeconds;
  const description =
    context.histograms === 'native'
      ? `The fraction of requests that took at most ${seconds} s in the window: ` +
        `${code(`histogram_fraction(0, ${promqlNumber(seconds)}, sum(${rateOf(context.series.duration)}))`)}. ` +
        `${seconds} s = 2^0 is a bucket boundary at every scale, so this fraction is exact, as with the classic ` +
        "dashboards' 1 s bucket; a threshold between boundaries (say 0.3 s) would be interpolated. This is how an SLO " +
        'such as "99% of requests within 1 s" is measured from a histogram.'
      : `The fraction of requests that took at most ${seconds} s in the window: the rate of the ` +
        `bucket le="${prometheusLe(seconds)}" over the rate of ${code(context.series.durationCount)}. ` +
        'This is how an SLO such as "99% of requests within 1 s" is measured from a histogram.';
  return stat('Requests within 1 s', description, UNITS.ratio)
    .min(0)
    .max(1)
    .decimals(2)
    .thresholds(thresholds('red', [0.9, 'orange'], [0.99, 'green']))
    .withTarget(promTarget('A', context.queries.requestsWithinTarget, { legend: 'within 1 s' }));
}
