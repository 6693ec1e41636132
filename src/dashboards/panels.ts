/**
 * The panels of a pipeline dashboard, written once for every representation. Each function
 * builds one panel from what its representation gives (representation.ts, filled by
 * classic.ts and native.ts): queries, descriptions, target shapes. The dashboard
 * (dashboard.ts) places them. Every description says what the panel shows and how the query
 * gets it, for someone learning Prometheus histograms.
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
import {
  FILE_TYPES,
  type HistogramDefinition,
  HTTP_REQUEST_DURATION_SECONDS,
  UPLOADED_FILE_BYTES,
} from '../metrics/definitions.js';
import { SIZE_QUANTILES } from '../promql/dashboards.js';
import { SEED_PROFILES } from '../workload/uploads.js';
import { classicPanels } from './classic.js';
import {
  code,
  DATASOURCE_REF,
  histogramUnit,
  LEGEND,
  lastValue,
  observationRateUnit,
  promTarget,
  rateOf,
  thresholds,
  UNITS,
} from './common.js';
import { nativePanels } from './native.js';
import type { DashboardPipeline } from './pipelines.js';
import type { PanelRepresentation } from './representation.js';

/** What a panel needs to know about its pipeline: its representation's queries, texts and target shapes. */
export type PanelContext = PanelRepresentation;

/** The context of a pipeline's panels, with the dashboards' `$__rate_interval`. */
export function panelContext(pipeline: DashboardPipeline): PanelContext {
  return pipeline.representation === 'native' ? nativePanels(pipeline.pipeline) : classicPanels(pipeline.pipeline);
}

/** Any panel builder: every panel type's builder has these. */
export type AnyPanelBuilder = StatPanel | TimeseriesPanel | HeatmapPanel | BarGaugePanel | PieChartPanel;

const MB = 1_000_000;
const SIZE_UNIT = histogramUnit(UPLOADED_FILE_BYTES);
const DURATION_UNIT = histogramUnit(HTTP_REQUEST_DURATION_SECONDS);

const percent = (q: number) => `p${Math.round(q * 100)}`;
/** Grafana's refIds: A, B, C, ... */
export const refId = (index: number): string => String.fromCharCode(65 + index);

export function stat(title: string, description: string, unit: string): StatPanel {
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

/**
 * A time series panel. Its y axis starts at 0 unless `floor` says otherwise: `{ floor: 'none' }`
 * for values that can be negative (a difference between pipelines), which a floor would hide;
 * such an axis is centred on 0, so a negative value shows as clearly as a positive one.
 */
export function timeseries(
  title: string,
  description: string,
  unit: string,
  { floor = 0 }: { readonly floor?: number | 'none' } = {},
): TimeseriesPanel {
  const panel = new TimeseriesPanel().title(title).description(description).datasource(DATASOURCE_REF).unit(unit);
  if (floor === 'none') panel.axisCenteredZero(true);
  else panel.min(floor);
  return panel
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

/** A heatmap of a histogram's buckets: its values on the y axis, observations per second as colour. */
export function heatmap(title: string, description: string, metric: HistogramDefinition): HeatmapPanel {
  const cellUnit = observationRateUnit(metric);
  return (
    new HeatmapPanel()
      .title(title)
      .description(description)
      .datasource(DATASOURCE_REF)
      .unit(cellUnit)
      // The buckets are already counted by the app: Grafana must draw them, not re-bucket the values.
      .calculate(false)
      .yAxis(new YAxisConfigBuilder().unit(histogramUnit(metric)))
      .cellValues(new CellValuesBuilder().unit(cellUnit))
      .showLegend()
  );
}

export function bargauge(title: string, description: string, unit: string): BarGaugePanel {
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

export function totalUploads({ queries, uploads }: PanelContext): StatPanel {
  return stat(
    'Total Uploads',
    `Uploads recorded since the app started: the counter ${code(uploads)} summed over file types. ` +
      'A counter only goes up (and restarts from 0 with the app), so its current value is the exact total; ' +
      'no rate() is needed for a total.',
    UNITS.count,
  ).withTarget(promTarget('A', queries.totalUploads, { legend: 'uploads' }));
}

export function uploadRate({ queries, uploads }: PanelContext): StatPanel {
  return stat(
    'Upload Rate',
    `Uploads per second: ${code(rateOf(uploads))}, the counter's increase per ` +
      'second averaged over the window, summed over file types. $__rate_interval is at least four scrape ' +
      'intervals, so every window holds enough samples. After a short burst (run --count) the rate falls back to 0.',
    UNITS.filesPerSecond,
  ).withTarget(promTarget('A', queries.uploadRate, { legend: 'uploads/s' }));
}

export function averageFileSize({ queries, describe }: PanelContext): StatPanel {
  return stat('Average File Size', describe.averageFileSize, SIZE_UNIT).withTarget(
    promTarget('A', queries.averageFileSize, { legend: 'average' }),
  );
}

export function fileSizeP95({ queries, describe }: PanelContext): StatPanel {
  const colours = 'Green below 10 MB, orange from 10 MB, red from 50 MB.';
  return stat('95th Percentile', `${describe.fileSizeP95} ${colours}`, SIZE_UNIT)
    .thresholds(thresholds('green', [10 * MB, 'orange'], [50 * MB, 'red']))
    .colorMode(BigValueColorMode.Background)
    .withTarget(promTarget('A', queries.fileSizeQuantile[0.95], { legend: 'p95' }));
}

export function filesUnder1MB({ queries, describe }: PanelContext): StatPanel {
  return stat('Files under 1 MB', describe.filesUnder1MB, UNITS.count).withTarget(
    promTarget('A', queries.filesUnder1MB, { legend: 'files ≤ 1 MB' }),
  );
}

export function apdex({ queries, describe }: PanelContext): StatPanel {
  return stat('Apdex (1 s target)', describe.apdex, UNITS.ratio)
    .min(0)
    .max(1)
    .decimals(2)
    .thresholds(thresholds('red', [0.5, 'orange'], [0.7, 'yellow'], [0.85, 'green']))
    .colorMode(BigValueColorMode.Background)
    .withTarget(promTarget('A', queries.apdex, { legend: 'apdex' }));
}

export function fileSizePercentiles({ queries, describe }: PanelContext): TimeseriesPanel {
  const panel = timeseries('File Size Percentiles Over Time', describe.fileSizePercentiles, SIZE_UNIT);
  SIZE_QUANTILES.forEach((q, index) => {
    panel.withTarget(promTarget(refId(index), queries.fileSizeQuantile[q], { legend: percent(q) }));
  });
  return panel;
}

export function fileSizeHeatmap({ queries, describe, heatmapTarget }: PanelContext): HeatmapPanel {
  return heatmap('Heatmap of File Sizes', describe.fileSizeHeatmap, UPLOADED_FILE_BYTES).withTarget(
    promTarget('A', queries.fileSizeHeatmap, heatmapTarget('files')),
  );
}

export function fileSizeDistribution({ sizeDistribution }: PanelContext): BarGaugePanel {
  const panel = bargauge('File Size Distribution', sizeDistribution.description, sizeDistribution.unit);
  if (sizeDistribution.max !== undefined) panel.max(sizeDistribution.max);
  for (const [field, name] of Object.entries(sizeDistribution.displayNames ?? {})) {
    panel.overrideByName(field, [{ id: 'displayName', value: name }]);
  }
  sizeDistribution.targets.forEach(({ expr, ...options }, index) => {
    panel.withTarget(promTarget(refId(index), expr, options));
  });
  return panel;
}

export function shareUnder1MB({ queries, describe }: PanelContext): StatPanel {
  return stat('Share of Files under 1 MB', describe.shareUnder1MB, UNITS.ratio)
    .min(0)
    .max(1)
    .withTarget(promTarget('A', queries.shareUnder1MB, { legend: 'share ≤ 1 MB' }));
}

export function uploadsByFileType({ queries, uploads }: PanelContext): PieChartPanel {
  return new PieChartPanel()
    .title('Uploads by File Type')
    .description(
      `Share of uploads per file type since the app started: ${code(uploads)} summed by file_type ` +
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

export function filesByType({ queries, uploads, filesByTypeSource }: PanelContext): StatPanel {
  return stat(
    'Files by Type',
    `Files per type since the app started, from ${filesByTypeSource}, one value per file_type. A histogram's count ` +
      `counts the same events as the upload counter ${code(uploads)}, so these numbers must ` +
      'equal the pie chart: a difference means an observation was lost.',
    UNITS.count,
  )
    .textMode(BigValueTextMode.ValueAndName)
    .graphMode(BigValueGraphMode.None)
    .withTarget(promTarget('A', queries.filesByType, { legend: LEGEND.perFileType }));
}

export function uploadRateByType({ queries, uploads }: PanelContext): TimeseriesPanel {
  return timeseries(
    'Upload Rate by File Type',
    `Uploads per second per file type: ${code(rateOf(uploads))} summed by file_type, ` +
      'stacked so that the top line is the total rate.',
    UNITS.filesPerSecond,
  )
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
    .fillOpacity(30)
    .withTarget(promTarget('A', queries.uploadRateByType, { legend: LEGEND.perFileType }));
}

export function durationP95ByType({ queries, describe }: PanelContext): TimeseriesPanel {
  return timeseries('Request Duration by File Type (p95)', describe.durationP95ByType, DURATION_UNIT).withTarget(
    promTarget('A', queries.durationP95ByType, { legend: `${LEGEND.perFileType} p95` }),
  );
}

export function durationHeatmap({ queries, describe, heatmapTarget }: PanelContext): HeatmapPanel {
  return heatmap('Heatmap of Request Durations', describe.durationHeatmap, HTTP_REQUEST_DURATION_SECONDS).withTarget(
    promTarget('A', queries.durationHeatmap, heatmapTarget('requests')),
  );
}

export function requestsWithinTarget({ queries, describe }: PanelContext): StatPanel {
  return stat('Requests within 1 s', describe.requestsWithinTarget, UNITS.ratio)
    .min(0)
    .max(1)
    .decimals(2)
    .thresholds(thresholds('red', [0.9, 'orange'], [0.99, 'green']))
    .withTarget(promTarget('A', queries.requestsWithinTarget, { legend: 'within 1 s' }));
}
