/**
 * Pieces every panel shares: the datasource variable and reference, targets, units and
 * thresholds. Panels (panels.ts) and the dashboard (dashboard.ts) are assembled from these.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import {
  DatasourceVariableBuilder,
  type Threshold,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type VariableModel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat, QueryEditorMode } from '@grafana/grafana-foundation-sdk/prometheus';
import { GRAFANA_DATASOURCE_UID } from '../config/grafana.js';
import type { HistogramDefinition } from '../metrics/definitions.js';
import type { Representation } from '../promql/dashboards.js';

/** The datasource plugin every panel queries. */
export const PROMETHEUS_PLUGIN = 'prometheus';

/**
 * The template variable that picks the Prometheus datasource. Named and labelled as
 * grafana/dashboard-linter expects, so a dashboard imported into any Grafana can be pointed
 * at another Prometheus without editing a panel.
 */
export const DATASOURCE_VARIABLE = { name: 'datasource', label: 'Data source' } as const;

/** How every panel and target references the datasource: through the variable. */
export const DATASOURCE_REF: common.DataSourceRef = {
  type: PROMETHEUS_PLUGIN,
  uid: `\${${DATASOURCE_VARIABLE.name}}`,
};

export function datasourceVariable(): cog.Builder<VariableModel> {
  return new DatasourceVariableBuilder(DATASOURCE_VARIABLE.name)
    .label(DATASOURCE_VARIABLE.label)
    .description('The Prometheus that scrapes every pipeline; provisioned with a fixed uid')
    .type(PROMETHEUS_PLUGIN)
    .current({ text: 'Prometheus', value: GRAFANA_DATASOURCE_UID, selected: true })
    .multi(false)
    .includeAll(false);
}

/** Grafana unit ids, chosen once. Decimal bytes: the boundaries are decimal (1 MB = 10^6 bytes). */
export const UNITS = {
  count: 'short',
  bytes: 'decbytes',
  seconds: 's',
  ratio: 'percentunit',
  /** A custom unit: Grafana prints the value followed by " files/s". */
  filesPerSecond: 'suffix:files/s',
  /** Grafana's "requests/sec (rps)". */
  requestsPerSecond: 'reqps',
} as const;
export type GrafanaUnit = (typeof UNITS)[keyof typeof UNITS];

/** The Grafana unit of a histogram's observed values. */
export function histogramUnit(metric: HistogramDefinition): GrafanaUnit {
  return metric.unit === 'bytes' ? UNITS.bytes : UNITS.seconds;
}

/** The unit of a heatmap cell: observations of the metric per second (the heatmap rule of src/promql/dashboards.ts). */
export function observationRateUnit(metric: HistogramDefinition): GrafanaUnit {
  return metric.unit === 'bytes' ? UNITS.filesPerSecond : UNITS.requestsPerSecond;
}

/**
 * What every heatmap cell holds and why, for the heatmaps' descriptions: the rule that
 * HistogramQueries.heatmap (src/promql/dashboards.ts) follows.
 */
export const HEATMAP_RATE =
  'Each cell is the rate() of its bucket: observations per second in that bucket, averaged over ' +
  '$__rate_interval. A per-second value does not depend on the width of a column, so the colours stay the ' +
  'same when you zoom, and a window that reaches into the neighbouring columns only smooths: nothing is ' +
  'counted twice. (An increase() over $__rate_interval in columns one $__interval apart would count every ' +
  'observation in about four columns.)';

/** Legend templates; the end-to-end test reads them to know what series a target must return. */
export const LEGEND = {
  perBucket: '{{le}}',
  perFileType: '{{file_type}}',
} as const;

export interface TargetOptions {
  /** Legend: `{{le}}`, `{{file_type}}` or a literal name for a single series. */
  readonly legend: string;
  /**
   * `heatmap` makes Grafana sort classic buckets by `le` and turn cumulative counts into
   * per-bucket counts. Native histograms keep `time_series`: Grafana's Prometheus data source
   * turns their samples into heatmap cells by itself.
   */
  readonly format?: 'time_series' | 'heatmap';
  /** Only the current value is needed (bar gauge, pie chart): skip the range query. */
  readonly instant?: boolean;
}

const FORMATS: Record<NonNullable<TargetOptions['format']>, PromQueryFormat> = {
  time_series: PromQueryFormat.TimeSeries,
  heatmap: PromQueryFormat.Heatmap,
};

/** One PromQL target, always through the datasource variable, in code mode (the text is the query). */
export function promTarget(refId: string, expr: string, options: TargetOptions): DataqueryBuilder {
  const target = new DataqueryBuilder()
    .datasource(DATASOURCE_REF)
    .refId(refId)
    .expr(expr)
    .legendFormat(options.legend)
    .editorMode(QueryEditorMode.Code)
    .format(FORMATS[options.format ?? 'time_series']);
  return options.instant ? target.instant() : target.range();
}

/**
 * Reduce each series to one number: its last value. `lastNotNull` ("Last *" in Grafana) skips
 * the gaps of a range query; `last` ("Last") is enough for an instant query's single point.
 */
export function lastValue(calc: 'last' | 'lastNotNull' = 'lastNotNull'): ReduceDataOptionsBuilder {
  return new ReduceDataOptionsBuilder().calcs([calc]).values(false);
}

/** Colour steps: the base colour, then each colour from its value up. */
export function thresholds(base: string, ...steps: readonly [number, string][]): ThresholdsConfigBuilder {
  const list: Threshold[] = [{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(list);
}

/** Inline code in a panel description (Grafana renders descriptions as Markdown). */
export const code = (text: string): string => `\`${text}\``;

/** `rate(series[$__rate_interval])`, as descriptions show it. */
export const rateOf = (series: string): string => `rate(${series}[$__rate_interval])`;

/**
 * A heatmap target in a representation: classic buckets need format "Heatmap" (sorted by `le`,
 * cumulative counts turned into per-bucket ones) and `{{le}}` as legend; a native histogram
 * keeps "Time series", which Grafana turns into heatmap cells by itself, under `legend`.
 */
export function heatmapTarget(representation: Representation, legend: string): TargetOptions {
  return representation === 'native' ? { legend } : { legend: LEGEND.perBucket, format: 'heatmap' };
}
