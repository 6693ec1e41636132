/**
 * A Grafana panel of our generator as a Perses panel: the same title, description, queries,
 * legends, unit and grid place, drawn by the Perses plugin that shows the same thing. The
 * questions are written once (src/dashboards/panels.ts, comparison.ts over src/promql); this
 * file only chooses how Perses draws each kind of answer, so a fix to a query or a text reaches
 * both. A panel type it has no mapping for throws: a new kind of panel needs a decision here.
 */
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dataquery as PromDataquery } from '@grafana/grafana-foundation-sdk/prometheus';
import { LEGEND, UNITS } from '../common.js';
import {
  type Calculation,
  type FormatOptions,
  type PanelPlugin,
  type PersesPanel,
  type PersesUnit,
  type PrometheusTimeSeriesQuery,
  prometheusQuery,
  type ThresholdsSpec,
} from './model.js';

/** Grafana's unit ids (common.ts UNITS) in Perses' formats. */
const PERSES_UNITS: Readonly<Record<string, PersesUnit>> = {
  [UNITS.count]: 'decimal',
  [UNITS.bytes]: 'bytes',
  [UNITS.seconds]: 'seconds',
  [UNITS.ratio]: 'percent-decimal',
  [UNITS.filesPerSecond]: 'counts/sec',
  [UNITS.requestsPerSecond]: 'requests/sec',
};

export function persesFormat(grafanaUnit: string | undefined): FormatOptions {
  const unit = PERSES_UNITS[grafanaUnit ?? UNITS.count];
  if (!unit) throw new Error(`no Perses unit for the Grafana unit "${grafanaUnit}"`);
  return { unit };
}

/** Grafana's named colours as Grafana draws them, so the thresholds look alike in both. */
const COLOURS: Readonly<Record<string, string>> = {
  green: '#73bf69',
  yellow: '#fade2a',
  orange: '#ff9830',
  red: '#f2495c',
};
const colour = (name: string): string => COLOURS[name] ?? name;

function thresholds(panel: Panel): ThresholdsSpec | undefined {
  const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
  const [base, ...rest] = steps;
  // The SDK's default (green base, red from 80) is not ours: only panels that set steps get them.
  if (!base || !panel.fieldConfig?.defaults?.thresholds || rest.some((step) => step.value === null)) return undefined;
  if (steps.length === 2 && base.color === 'green' && rest[0]?.value === 80 && rest[0]?.color === 'red') {
    return undefined;
  }
  return {
    mode: 'absolute',
    defaultColor: colour(base.color),
    steps: rest.map((step) => ({ value: step.value ?? 0, color: colour(step.color) })),
  };
}

/** The Prometheus targets of a Grafana panel, in order. */
export function promTargets(panel: Panel): PromDataquery[] {
  return (panel.targets ?? []) as PromDataquery[];
}

/** A classic heatmap's target: cumulative `le` series that Grafana's format "Heatmap" turns into cells. */
const isClassicHeatmapTarget = (target: PromDataquery) =>
  target.format === 'heatmap' || target.legendFormat === LEGEND.perBucket;

function queriesOf(panel: Panel): PrometheusTimeSeriesQuery[] {
  return promTargets(panel).map((target) => prometheusQuery(target.expr, target.legendFormat));
}

const lastOf = (panel: Panel): Calculation => {
  const calcs: unknown = panel.options?.reduceOptions?.calcs;
  // Grafana's lastNotNull skips gaps; Perses' last-number is the same rule.
  return Array.isArray(calcs) && calcs.includes('last') ? 'last' : 'last-number';
};

function plugin(panel: Panel): PanelPlugin {
  const defaults = panel.fieldConfig?.defaults ?? {};
  const format = persesFormat(defaults.unit);
  const withThresholds = (spec: object) => {
    const steps = thresholds(panel);
    return steps ? { ...spec, thresholds: steps } : spec;
  };
  switch (panel.type) {
    case 'stat': {
      // No `metricLabel`: in statchart 0.10 it replaces the value by that label's value (a stat
      // per file type would show "pdf" instead of its count); each series is named by its
      // legend (seriesNameFormat) as Grafana's value_and_name shows it.
      return {
        kind: 'StatChart',
        spec: {
          calculation: lastOf(panel),
          format: defaults.decimals === undefined ? format : { ...format, decimalPlaces: defaults.decimals },
          ...withThresholds({}),
          ...(panel.options?.graphMode === 'area' ? { sparkline: {} } : {}),
        },
      };
    }
    case 'timeseries': {
      const stacked = defaults.custom?.stacking?.mode === 'normal';
      return {
        kind: 'TimeSeriesChart',
        spec: {
          legend: { position: 'bottom', mode: 'list' },
          // No min where the Grafana panel has none: a difference must be able to go below zero.
          yAxis: { format, ...(defaults.min === undefined ? {} : { min: defaults.min }) },
          visual: { areaOpacity: (defaults.custom?.fillOpacity ?? 10) / 100, ...(stacked ? { stack: 'all' } : {}) },
        },
      };
    }
    case 'heatmap': {
      const classic = promTargets(panel).some(isClassicHeatmapTarget);
      const spec = {
        yAxisFormat: persesFormat(panel.options?.yAxis?.unit),
        countFormat: format,
      };
      return classic ? { kind: 'ClassicHeatmapChart', spec } : { kind: 'NativeHeatmapChart', spec };
    }
    case 'bargauge':
      return { kind: 'BarChart', spec: { calculation: lastOf(panel), format } };
    case 'piechart':
      return {
        kind: 'PieChart',
        spec: {
          calculation: lastOf(panel),
          format,
          legend: { position: 'right', mode: 'table', values: ['abs', 'relative'] },
          radius: 70,
        },
      };
    default:
      throw new Error(`no Perses plugin for the Grafana panel type "${panel.type}" (${panel.title})`);
  }
}

/** The Perses panel of a Grafana panel. */
export function persesPanel(panel: Panel): PersesPanel {
  return {
    kind: 'Panel',
    spec: {
      display: { name: panel.title ?? '', ...(panel.description ? { description: panel.description } : {}) },
      plugin: plugin(panel),
      queries: queriesOf(panel),
    },
  };
}
