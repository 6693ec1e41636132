/**
 * What differs between a classic and a native pipeline dashboard, as data: the queries, the
 * descriptions that explain them, and how heatmap and distribution targets are shaped. The
 * panels (panels.ts) are written once and read these; classic.ts and native.ts fill them.
 */
import type { SharedQueries } from '../promql/dashboards.js';
import type { GrafanaUnit, TargetOptions } from './common.js';

/** The panels whose description depends on the representation. */
export type DescribedPanel =
  | 'averageFileSize'
  | 'fileSizeP95'
  | 'filesUnder1MB'
  | 'apdex'
  | 'fileSizePercentiles'
  | 'fileSizeHeatmap'
  | 'shareUnder1MB'
  | 'durationP95ByType'
  | 'durationHeatmap'
  | 'requestsWithinTarget';

/** One target of a panel: its legend and expression, and how Grafana reads the result. */
export interface TargetSpec extends TargetOptions {
  readonly expr: string;
}

/** The bar gauge of the size distribution: one bar per classic bucket, or per range of a native histogram. */
export interface SizeDistribution {
  readonly description: string;
  readonly unit: GrafanaUnit;
  /** The top of the scale, when the bars are shares. */
  readonly max?: number;
  readonly targets: readonly TargetSpec[];
  /**
   * Names shown instead of the series' own, by series name: the classic bars are named by their
   * `le` label ("1e+06"), which becomes the range it closes ("(500 kB, 1 MB]"), as the native bars read.
   */
  readonly displayNames?: Readonly<Record<string, string>>;
}

export interface PanelRepresentation {
  readonly queries: SharedQueries;
  /** The counter's selector: the panels that read it are the same in every representation. */
  readonly uploads: string;
  readonly describe: Readonly<Record<DescribedPanel, string>>;
  /** Where "Files by Type" reads its counts, as a phrase. */
  readonly filesByTypeSource: string;
  /** A heatmap's target options, given the legend of a single-histogram series ("files", "requests"). */
  readonly heatmapTarget: (legend: string) => TargetOptions;
  readonly sizeDistribution: SizeDistribution;
}
