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
  DURATION_SLO,
  type PipelineQueries,
  type PipelineSeries,
  prometheusLe,
  SIZE_QUANTILES,
  SMALL_FILE_LIMIT_BYTES,
} from './queries.js';

/** What a panel needs to know about its pipeline. */
export interface PanelContext {
  readonly pipeline: DashboardPipeline;
  readonly queries: PipelineQueries;
  readonly series: PipelineSeries;
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
    `Uploads per second: ${code(`rate(${series.uploads}[$__rate_interval])`)}, the counter's increase per ` +
      'second averaged over the window, summed over file types. $__rate_interval is at least four scrape ' +
      'intervals, so every window holds enough samples. After a short burst (run --count) the rate falls back to 0.',
    UNITS.filesPerSecond,
  ).withTarget(promTarget('A', queries.uploadRate, { legend: 'uploads/s' }));
}

export function averageFileSize({ queries, series }: PanelContext): StatPanel {
  return stat(
    'Average File Size',
    `Mean size of the files uploaded in the window: the rate of ${code(series.sizeSum)} (bytes) divided by the ` +
      `rate of ${code(series.sizeCount)} (files). Every histogram has these two series, so the mean is exact, ` +
      'unlike a quantile, which is estimated from buckets.',
    SIZE_UNIT,
  ).withTarget(promTarget('A', queries.averageFileSize, { legend: 'average' }));
}

export function fileSizeP95({ queries, series }: PanelContext): StatPanel {
  return stat(
    '95th Percentile',
    `95% of the files uploaded in the window are at most this large. histogram_quantile() finds the bucket of ` +
      `${code(series.sizeBucket)} that holds the 95th percentile and interpolates linearly inside it, so the ` +
      'value is an estimate whose precision is the width of that bucket. Green below 10 MB, orange from ' +
      '10 MB, red from 50 MB.',
    SIZE_UNIT,
  )
    .thresholds(thresholds('green', [10 * MB, 'orange'], [50 * MB, 'red']))
    .colorMode(BigValueColorMode.Background)
    .withTarget(promTarget('A', queries.fileSizeQuantile[0.95], { legend: 'p95' }));
}

export function filesUnder1MB({ queries, series }: PanelContext): StatPanel {
  return stat(
    'Files under 1 MB',
    `Files of at most 1 MB since the app started: the single bucket ${code(`${series.sizeBucket}{le="${prometheusLe(SMALL_FILE_LIMIT_BYTES)}"}`)}. ` +
      'Buckets are cumulative: le="1e+06" counts every file up to 1 MB, the smaller buckets included. ' +
      'Prometheus stores le normalised (1e+06, not 1000000), and a label matcher compares text, so the ' +
      'spelling must match exactly.',
    UNITS.count,
  ).withTarget(promTarget('A', queries.filesUnder1MB, { legend: 'files ≤ 1 MB' }));
}

export function apdex({ queries, series }: PanelContext): StatPanel {
  return stat(
    'Apdex (1 s target)',
    `Application performance index from the duration histogram ${code(series.durationBucket)}: requests within ` +
      `${DURATION_SLO.satisfiedSeconds} s (le="${prometheusLe(DURATION_SLO.satisfiedSeconds)}") count fully, ` +
      `those within ${DURATION_SLO.toleratedSeconds} s (le="${prometheusLe(DURATION_SLO.toleratedSeconds)}") ` +
      'count half, slower ones not at all; 1 means every request was fast. Because buckets are cumulative, ' +
      '(satisfied + tolerating) / 2 equals satisfied + half of those in between. Both thresholds must be ' +
      'bucket boundaries (they are in the default seed layout, not in --buckets fine).',
    UNITS.ratio,
  )
    .min(0)
    .max(1)
    .decimals(2)
    .thresholds(thresholds('red', [0.5, 'orange'], [0.7, 'yellow'], [0.85, 'green']))
    .colorMode(BigValueColorMode.Background)
    .withTarget(promTarget('A', queries.apdex, { legend: 'apdex' }));
}

export function fileSizePercentiles({ queries, series }: PanelContext): TimeseriesPanel {
  const panel = timeseries(
    'File Size Percentiles Over Time',
    `Median, 95th and 99th percentile of the file size, each ${code('histogram_quantile(q, sum by (le) (rate(...[$__rate_interval])))')} ` +
      `over ${code(series.sizeBucket)}. Summing by le first merges the file types (and app instances) into one ` +
      'histogram; rate() makes it "files per second in each bucket" over the window, so the quantiles follow ' +
      'recent uploads instead of all uploads since start.',
    SIZE_UNIT,
  );
  const refIds = ['A', 'B', 'C'];
  SIZE_QUANTILES.forEach((q, index) => {
    panel.withTarget(promTarget(refIds[index] ?? `Q${index}`, queries.fileSizeQuantile[q], { legend: percent(q) }));
  });
  return panel;
}

export function fileSizeHeatmap({ queries, series }: PanelContext): HeatmapPanel {
  return heatmap(
    'Heatmap of File Sizes',
    `Files uploaded per size bucket (rows) and time slot (columns), from ${code(`increase(${series.sizeBucket}[$__rate_interval])`)} ` +
      'summed by le. With format "Heatmap" Grafana sorts the rows by le and subtracts neighbouring cumulative ' +
      'buckets, so each cell counts only the files between two boundaries; "calculate" is off because the app ' +
      'already bucketed the values.',
    SIZE_UNIT,
  ).withTarget(promTarget('A', queries.fileSizeHeatmap, { legend: LEGEND.perBucket, format: 'heatmap' }));
}

export function fileSizeDistribution({ queries, series }: PanelContext): BarGaugePanel {
  return new BarGaugePanel()
    .title('File Size Distribution')
    .description(
      `Files per size bucket since the app started, one bar per bucket (le = ${SIZE_BOUNDARIES}, +Inf). The query ` +
        `reads the cumulative counters ${code(series.sizeBucket)} as they are; format "Heatmap" turns them into ` +
        'per-bucket counts, so a bar labelled 1e+06 counts the files above 500 KB and at most 1 MB.',
    )
    .datasource(DATASOURCE_REF)
    .unit(UNITS.count)
    .min(0)
    .reduceOptions(lastValue('last'))
    .orientation(VizOrientation.Vertical)
    .displayMode(BarGaugeDisplayMode.Gradient)
    .withTarget(
      promTarget('A', queries.fileSizeBuckets, { legend: LEGEND.perBucket, format: 'heatmap', instant: true }),
    );
}

export function shareUnder1MB({ queries, series }: PanelContext): StatPanel {
  return stat(
    'Share of Files under 1 MB',
    `The fraction of all files that are at most 1 MB: the bucket le="${prometheusLe(SMALL_FILE_LIMIT_BYTES)}" ` +
      `divided by ${code(series.sizeCount)}. _count always equals the +Inf bucket, so this is "bucket / total". ` +
      'Such fractions are exact at bucket boundaries and only there.',
    UNITS.ratio,
  )
    .min(0)
    .max(1)
    .withTarget(promTarget('A', queries.shareUnder1MB, { legend: 'share ≤ 1 MB' }));
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

export function filesByType({ queries, series }: PanelContext): StatPanel {
  return stat(
    'Files by Type',
    `Files per type since the app started, from the size histogram's ${code(series.sizeCount)}, one value per ` +
      `file_type. A histogram's _count counts the same events as the upload counter ${code(series.uploads)}, ` +
      'so these numbers must equal the pie chart: a difference means an observation was lost.',
    UNITS.count,
  )
    .textMode(BigValueTextMode.ValueAndName)
    .graphMode(BigValueGraphMode.None)
    .withTarget(promTarget('A', queries.filesByType, { legend: LEGEND.perFileType }));
}

export function uploadRateByType({ queries, series }: PanelContext): TimeseriesPanel {
  return timeseries(
    'Upload Rate by File Type',
    `Uploads per second per file type: ${code(`rate(${series.uploads}[$__rate_interval])`)} summed by file_type, ` +
      'stacked so that the top line is the total rate.',
    UNITS.filesPerSecond,
  )
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
    .fillOpacity(30)
    .withTarget(promTarget('A', queries.uploadRateByType, { legend: LEGEND.perFileType }));
}

export function durationP95ByType({ queries, series }: PanelContext): TimeseriesPanel {
  return timeseries(
    'Request Duration by File Type (p95)',
    `95th percentile of the upload request duration per file type: histogram_quantile over ` +
      `${code(series.durationBucket)} summed by (le, file_type). Keeping file_type in the "by" clause gives one ` +
      'histogram, hence one quantile, per type; le must always stay in it. Beyond the last finite bucket ' +
      `(${LAST_DURATION_BOUND} s) histogram_quantile can only answer that bucket's bound.`,
    DURATION_UNIT,
  ).withTarget(promTarget('A', queries.durationP95ByType, { legend: `${LEGEND.perFileType} p95` }));
}

export function durationHeatmap({ queries, series }: PanelContext): HeatmapPanel {
  return heatmap(
    'Heatmap of Request Durations',
    `Requests per duration bucket over time, from ${code(`increase(${series.durationBucket}[$__rate_interval])`)} ` +
      'summed by le, with format "Heatmap" (per-bucket counts, sorted by le). Bands show the duration modes of ' +
      'the file types: larger files take longer.',
    DURATION_UNIT,
  ).withTarget(promTarget('A', queries.durationHeatmap, { legend: LEGEND.perBucket, format: 'heatmap' }));
}

export function requestsWithinTarget({ queries, series }: PanelContext): StatPanel {
  return stat(
    'Requests within 1 s',
    `The fraction of requests that took at most ${DURATION_SLO.satisfiedSeconds} s in the window: the rate of the ` +
      `bucket le="${prometheusLe(DURATION_SLO.satisfiedSeconds)}" over the rate of ${code(series.durationCount)}. ` +
      'This is how an SLO such as "99% of requests within 1 s" is measured from a histogram.',
    UNITS.ratio,
  )
    .min(0)
    .max(1)
    .decimals(2)
    .thresholds(thresholds('red', [0.9, 'orange'], [0.99, 'green']))
    .withTarget(promTarget('A', queries.requestsWithinTarget, { legend: 'within 1 s' }));
}
