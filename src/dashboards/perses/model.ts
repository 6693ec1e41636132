/**
 * The part of Perses' dashboard model (v0.52: github.com/perses/perses pkg/model/api/v1 and the
 * plugins' CUE schemas) that our dashboards use, typed. The JSON written from these types is
 * checked by Perses' own validator (`percli lint` with the plugins' schemas, see
 * test/dashboards/persesLint.e2e.test.ts), so a field spelt wrong here fails a test.
 */

/** `metadata.project` of every demo dashboard: Perses keeps dashboards in projects. */
export const PERSES_PROJECT = 'histogram-demo';

/** The datasource the page provides (and a user's Perses can define globally): one Prometheus. */
export const PERSES_DATASOURCE = { kind: 'PrometheusDatasource', name: 'prometheus' } as const;

/** Perses' value formats (cue/common/format.cue): the units our panels need. */
export type PersesUnit =
  | 'decimal'
  | 'bytes'
  | 'seconds'
  | 'percent-decimal'
  | 'counts/sec'
  | 'events/sec'
  | 'requests/sec';

export interface FormatOptions {
  readonly unit: PersesUnit;
  readonly decimalPlaces?: number;
  readonly shortValues?: boolean;
}

export interface ThresholdsSpec {
  readonly mode?: 'absolute' | 'percent';
  readonly defaultColor?: string;
  readonly steps?: readonly { readonly value: number; readonly color?: string }[];
}

/** cue/common/calculation.cue */
export type Calculation = 'first' | 'last' | 'first-number' | 'last-number' | 'mean' | 'sum' | 'min' | 'max';

export interface LegendSpec {
  readonly position: 'bottom' | 'right';
  readonly mode?: 'list' | 'table';
  readonly size?: 'small' | 'medium';
}

/** timeserieschart 0.10 */
export interface TimeSeriesChartSpec {
  readonly legend?: LegendSpec & { readonly values?: readonly Calculation[] };
  readonly yAxis?: { readonly format?: FormatOptions; readonly min?: number; readonly max?: number };
  readonly visual?: {
    readonly display?: 'line' | 'bar';
    readonly areaOpacity?: number;
    readonly stack?: 'all';
    readonly connectNulls?: boolean;
  };
}

/** statchart 0.10 */
export interface StatChartSpec {
  readonly calculation: Calculation;
  readonly format?: FormatOptions;
  readonly thresholds?: ThresholdsSpec;
  readonly sparkline?: { readonly color?: string; readonly width?: number };
}

/** barchart 0.10: one bar per series. */
export interface BarChartSpec {
  readonly calculation: Calculation;
  readonly format?: FormatOptions;
  readonly sort?: 'asc' | 'desc';
  readonly mode?: 'value' | 'percentage';
}

/** piechart 0.9 */
export interface PieChartSpec {
  readonly legend?: LegendSpec & { readonly values?: readonly ('abs' | 'relative')[] };
  readonly calculation: Calculation;
  readonly format?: FormatOptions;
  readonly sort?: 'asc' | 'desc';
  readonly mode?: 'value' | 'percentage';
  readonly radius: number;
}

/**
 * The page's heatmap plugins (web/, see /work notes' contract): `ClassicHeatmapChart` reads
 * one cumulative series per `le`, `NativeHeatmapChart` native histogram samples; both draw each
 * bucket at its real bounds on a logarithmic value axis.
 */
export interface HeatmapChartSpec {
  /** The unit of the value axis (the observed values). */
  readonly yAxisFormat?: FormatOptions;
  /** The unit of the colour scale (the counts). */
  readonly countFormat?: FormatOptions;
  readonly logBase?: 2 | 10;
}

export type PanelPlugin =
  | { readonly kind: 'TimeSeriesChart'; readonly spec: TimeSeriesChartSpec }
  | { readonly kind: 'StatChart'; readonly spec: StatChartSpec }
  | { readonly kind: 'BarChart'; readonly spec: BarChartSpec }
  | { readonly kind: 'PieChart'; readonly spec: PieChartSpec }
  | { readonly kind: 'ClassicHeatmapChart'; readonly spec: HeatmapChartSpec }
  | { readonly kind: 'NativeHeatmapChart'; readonly spec: HeatmapChartSpec };

export type PanelKind = PanelPlugin['kind'];

export interface PrometheusTimeSeriesQuery {
  readonly kind: 'TimeSeriesQuery';
  readonly spec: {
    readonly plugin: {
      readonly kind: 'PrometheusTimeSeriesQuery';
      readonly spec: {
        readonly query: string;
        /** Legend template: `{{le}}`, `{{file_type}}` or a literal name. */
        readonly seriesNameFormat?: string;
        readonly datasource: typeof PERSES_DATASOURCE;
      };
    };
  };
}

export interface PersesPanel {
  readonly kind: 'Panel';
  readonly spec: {
    readonly display: { readonly name: string; readonly description?: string };
    readonly plugin: PanelPlugin;
    readonly queries: readonly PrometheusTimeSeriesQuery[];
  };
}

export interface GridItem {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly content: { readonly $ref: string };
}

export interface GridLayout {
  readonly kind: 'Grid';
  readonly spec: {
    readonly display: { readonly title: string; readonly collapse: { readonly open: boolean } };
    readonly items: readonly GridItem[];
  };
}

/** A Perses `DashboardResource` as `percli apply` and the page read it. */
export interface PersesDashboard {
  readonly kind: 'Dashboard';
  readonly metadata: { readonly name: string; readonly project: string };
  readonly spec: {
    readonly display: { readonly name: string; readonly description?: string };
    /** The default time range, back from now. */
    readonly duration: string;
    readonly refreshInterval: string;
    readonly panels: Readonly<Record<string, PersesPanel>>;
    readonly layouts: readonly GridLayout[];
  };
}

export function prometheusQuery(query: string, seriesNameFormat?: string): PrometheusTimeSeriesQuery {
  return {
    kind: 'TimeSeriesQuery',
    spec: {
      plugin: {
        kind: 'PrometheusTimeSeriesQuery',
        spec: {
          query,
          ...(seriesNameFormat === undefined ? {} : { seriesNameFormat }),
          datasource: PERSES_DATASOURCE,
        },
      },
    },
  };
}
