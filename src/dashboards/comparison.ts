/**
 * The comparison dashboard, generated from the pipeline registry: for each histogram, every
 * pipeline's p50, p95 and p99 overlaid in one panel, the differences of count and sum between
 * each pipeline and the reference one (zero when the pipelines are healthy), and every
 * pipeline's heatmap side by side, classic and native. Each pipeline is read in the
 * representation its dashboard configuration names (pipelines.ts).
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelBuilder as HeatmapPanel } from '@grafana/grafana-foundation-sdk/heatmap';
import type { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { HISTOGRAMS, type HistogramDefinition } from '../metrics/definitions.js';
import { DEMO_REFERENCE_PIPELINE } from '../pipelines/registry.js';
import { difference, histogramQueries, SIZE_QUANTILES } from '../promql/dashboards.js';
import { code, HEATMAP_RATE, heatmapTarget, histogramUnit, promTarget, UNITS } from './common.js';
import { heatmap, refId, timeseries } from './panels.js';
import { COMPARISON_DASHBOARD, type DashboardPipeline } from './pipelines.js';
import { addRows, buildShell, dashboardShell, type RowLayout } from './shell.js';

/** The tag that marks the comparison among the demo dashboards. */
export const COMPARISON_TAG = 'comparison';

/** What the comparison's panels read: every pipeline, and the one the others are compared with. */
export interface ComparisonContext {
  readonly pipelines: readonly DashboardPipeline[];
  readonly reference: DashboardPipeline;
}

const percent = (q: number) => `p${Math.round(q * 100)}`;
const queriesOf = (pipeline: DashboardPipeline, metric: HistogramDefinition) =>
  histogramQueries(pipeline.pipeline, pipeline.representation, metric);

export function quantilesByPipeline(metric: HistogramDefinition, { pipelines }: ComparisonContext): TimeseriesPanel {
  const panel = timeseries(
    `${metric.name}: ${SIZE_QUANTILES.map(percent).join(', ')} by pipeline`,
    `The median, 95th and 99th percentile of ${code(metric.name)} in every pipeline, overlaid: ` +
      "histogram_quantile() over the rate of each pipeline's buckets in the window, summed over its label sets. " +
      'The pipelines record the same observations, so their lines differ only by how each one buckets them: a ' +
      'classic estimate lies inside the explicit bucket that holds the quantile, a native one inside an exponential bucket of relative width 2^(2^-scale) - 1. ' +
      'Lines further apart than their buckets mean a pipeline lost or changed observations.',
    histogramUnit(metric),
  );
  let index = 0;
  for (const pipeline of pipelines) {
    for (const q of SIZE_QUANTILES) {
      panel.withTarget(
        promTarget(refId(index), queriesOf(pipeline, metric).quantile(q), {
          legend: `${pipeline.pipeline.name} ${percent(q)}`,
        }),
      );
      index += 1;
    }
  }
  return panel;
}

function differences(
  metric: HistogramDefinition,
  { pipelines, reference }: ComparisonContext,
  what: 'count' | 'sum',
): TimeseriesPanel {
  const read = (pipeline: DashboardPipeline) =>
    what === 'count' ? queriesOf(pipeline, metric).countSinceStart : queriesOf(pipeline, metric).sumSinceStart;
  const subject = what === 'count' ? 'observations' : 'their sum';
  const panel = timeseries(
    `${metric.name}: ${what} difference from ${reference.pipeline.name}`,
    `Each pipeline's ${subject} since the apps started minus the ${reference.pipeline.name} pipeline's, ` +
      `for ${code(metric.name)} over all label sets (${what === 'count' ? '_count or histogram_count()' : '_sum or histogram_sum()'}, ` +
      'which every representation holds exactly). Zero when the pipelines are healthy: every observation ' +
      'arrived once in each' +
      (what === 'sum'
        ? ' (a sum of fractions up to its last digits, about 1e-13 here: float additions in another order round differently). '
        : '. ') +
      'A line away from zero that stays there means a pipeline lost or doubled ' +
      'observations (below zero: lost); a short blip is one pipeline scraped a moment before another. The y axis ' +
      'is centred on zero, so a negative difference shows as clearly as a positive one.',
    what === 'count' ? UNITS.count : histogramUnit(metric),
    // A lost observation makes the difference negative: no floor at 0.
    { floor: 'none' },
  );
  pipelines
    .filter((pipeline) => pipeline !== reference)
    .forEach((pipeline, index) => {
      panel.withTarget(
        promTarget(refId(index), difference(read(pipeline), read(reference)), {
          legend: `${pipeline.pipeline.name} − ${reference.pipeline.name}`,
        }),
      );
    });
  return panel;
}

export function countDifferences(metric: HistogramDefinition, context: ComparisonContext): TimeseriesPanel {
  return differences(metric, context, 'count');
}

export function sumDifferences(metric: HistogramDefinition, context: ComparisonContext): TimeseriesPanel {
  return differences(metric, context, 'sum');
}

/** What the y axes of the comparison's heatmaps show, said in each of them since they differ. */
const HEATMAP_AXES =
  'The two kinds of heatmap do not share a y axis, so compare them by their row labels, not by height: a ' +
  'classic heatmap draws one equally tall row per bucket (its le bounds as labels, whatever the width of the ' +
  'bucket: (0, 100 kB] as tall as (10 MB, 50 MB]), a native one draws its buckets on a base-2 logarithmic value ' +
  'axis, where each exponential bucket of one scale is equally tall. Grafana draws the rows of a classic ' +
  'heatmap (format "Heatmap") evenly spaced in bucket order; only the native cells carry the bounds a value axis needs.';

export function pipelineHeatmap(metric: HistogramDefinition, pipeline: DashboardPipeline): HeatmapPanel {
  const classic = pipeline.representation === 'classic';
  return heatmap(
    `${metric.name} heatmap: ${pipeline.pipeline.name} (${pipeline.representation})`,
    `Observations of ${code(metric.name)} per second, per bucket and time slot, in the ${pipeline.pipeline.name} pipeline ` +
      `(${pipeline.representation} histograms), beside the other pipelines' heatmaps of the same observations. ` +
      (classic
        ? 'Classic buckets are the explicit boundaries: few rows, as wide as the layout makes them. '
        : 'Native buckets are exponential: many thin rows on a logarithmic axis, equally tall at one scale. ') +
      `${HEATMAP_RATE} ${HEATMAP_AXES}`,
    metric,
  ).withTarget(
    promTarget('A', queriesOf(pipeline, metric).heatmap, heatmapTarget(pipeline.representation, 'observations')),
  );
}

/** One row per histogram: quantiles overlaid, the two differences, then the heatmaps side by side. */
function comparisonRows(pipelines: readonly DashboardPipeline[]): RowLayout<ComparisonContext>[] {
  const heatmapWidth = Math.max(4, Math.floor(24 / pipelines.length));
  return HISTOGRAMS.map((metric) => ({
    title: `${metric.name}: the pipelines compared`,
    panels: [
      { panel: (context) => quantilesByPipeline(metric, context), w: 24, h: 9 },
      { panel: (context) => countDifferences(metric, context), w: 12, h: 7 },
      { panel: (context) => sumDifferences(metric, context), w: 12, h: 7 },
      ...pipelines.map((pipeline) => ({ panel: () => pipelineHeatmap(metric, pipeline), w: heatmapWidth, h: 9 })),
    ],
  }));
}

/** The comparison of the pipelines, as the Grafana dashboard JSON model. */
export function buildComparisonDashboard(pipelines: readonly DashboardPipeline[]): Dashboard {
  const reference = pipelines.find(({ pipeline }) => pipeline.name === DEMO_REFERENCE_PIPELINE) ?? pipelines[0];
  if (!reference) throw new Error('the comparison dashboard needs at least one pipeline');
  const builder = dashboardShell(
    COMPARISON_DASHBOARD,
    `Every pipeline of the registry (${pipelines.map(({ pipeline }) => pipeline.name).join(', ')}) side by side: ` +
      `quantiles overlaid, count and sum differences from the ${reference.pipeline.name} pipeline (zero when ` +
      'healthy), classic and native heatmaps of the same observations.',
    COMPARISON_TAG,
  );
  addRows(builder, comparisonRows(pipelines), { pipelines, reference });
  return buildShell(builder);
}
