/**
 * The HTML report's charts, drawn in the browser (uPlot, inlined in the page) from the report
 * embedded as JSON. renderHtml puts the source of REPORT_CHART_FUNCTIONS into the page, so these
 * functions must use nothing from outside their bodies at run time but one another (types are
 * erased and may be imported).
 */
import type { PipelineStats, ScopeReport, VerifyReport } from './report.js';

interface ChartElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

interface BrowserDocument {
  getElementById(id: string): ChartElement | null;
  querySelectorAll(selector: string): { forEach(each: (element: ChartElement) => void): void };
  body: { setAttribute(name: string, value: string): void };
}

type Series = Record<string, unknown>;

interface UPlotStatic {
  new (options: Record<string, unknown>, data: (number | null)[][], target: ChartElement): unknown;
  paths: { bars(options: Record<string, unknown>): unknown };
}

/** How a pipeline is drawn in every chart of the page: its colour and its legend. */
interface ChartStyle {
  colourOf(pipeline: string): string;
  label(stats: PipelineStats): string;
}

/** Each pipeline's own (not cumulative) bucket counts, side by side per `le`; false when nothing is drawn. */
export function drawBucketChart(
  UPlot: UPlotStatic,
  element: ChartElement,
  scope: ScopeReport,
  style: ChartStyle,
): boolean {
  const classic = scope.pipelines.filter((stats) => stats.buckets.length > 0);
  const first = classic[0];
  if (!first) {
    element.textContent = 'No classic buckets in this scope.';
    return false;
  }
  const les = first.buckets.map((bucket) => bucket.le);
  const xs = les.map((_, index) => index);
  const data: (number | null)[][] = [xs];
  const series: Series[] = [{ label: 'le' }];
  classic.forEach((stats, index) => {
    let previous = 0;
    data.push(
      les.map((le) => {
        const cumulative = stats.buckets.find((bucket) => bucket.le === le)?.count ?? previous;
        const own = cumulative - previous;
        previous = cumulative;
        return own;
      }),
    );
    const colour = style.colourOf(stats.pipeline);
    series.push({
      label: style.label(stats),
      stroke: colour,
      fill: `${colour}99`,
      width: 1,
      paths: UPlot.paths.bars({ size: [0.8 / classic.length, 60], align: index === 0 ? -1 : 1 }),
      points: { show: false },
    });
  });
  new UPlot(
    {
      width: 460,
      height: 240,
      series,
      scales: { x: { time: false, range: [-0.6, les.length - 0.4] } },
      axes: [
        {
          values: (_: unknown, ticks: number[]) =>
            ticks.map((tick) => (les[tick] === undefined ? '' : `le=${les[tick]}`)),
          splits: () => xs,
          rotate: -30,
          size: 60,
        },
        {},
      ],
    },
    data,
    element,
  );
  return true;
}

/** Each pipeline's quantile estimates beside the exact ones, on a log scale. */
export function drawQuantileChart(
  UPlot: UPlotStatic,
  element: ChartElement,
  quantiles: readonly number[],
  scope: ScopeReport,
  style: ChartStyle,
): boolean {
  const data: (number | null)[][] = [quantiles.map((q) => q * 100)];
  const series: Series[] = [{ label: 'quantile' }];
  for (const stats of scope.pipelines) {
    data.push(stats.estimates.map((estimate) => (Number.isFinite(estimate.estimate) ? estimate.estimate : null)));
    series.push({ label: style.label(stats), stroke: style.colourOf(stats.pipeline), width: 2, points: { size: 7 } });
  }
  const exact = scope.exact;
  if (exact) {
    // The exact quantile is an interval when q·n is an integer: both ends drawn, dashed.
    data.push(exact.quantiles.map((interval) => interval.lower));
    series.push({ label: 'exact (lower end)', stroke: '#212529', width: 2, dash: [6, 4], points: { size: 7 } });
    if (exact.quantiles.some((interval) => interval.upper !== interval.lower)) {
      data.push(exact.quantiles.map((interval) => interval.upper));
      series.push({ label: 'exact (upper end)', stroke: '#868e96', width: 2, dash: [2, 4], points: { size: 5 } });
    }
  }
  // Log scale: p50 and p99 differ by orders of magnitude, and relative error is what matters.
  new UPlot(
    {
      width: 460,
      height: 240,
      series,
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ values: (_: unknown, ticks: number[]) => ticks.map((tick) => `p${tick}`) }, { size: 90 }],
    },
    data,
    element,
  );
  return true;
}

/** Draws every chart of the page from the embedded report; says how many on the body (for tests). */
export function drawReportCharts(): void {
  const browser = globalThis as unknown as { document: BrowserDocument; uPlot: UPlotStatic };
  const page = browser.document;
  const report = JSON.parse(page.getElementById('report-data')?.textContent ?? '{}') as VerifyReport;
  const palette = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0ca678', '#e64980'];
  const style: ChartStyle = {
    colourOf: (name) => {
      const index = report.pipelines.findIndex((pipeline) => pipeline.name === name);
      return palette[Math.max(index, 0) % palette.length] as string;
    },
    label: (stats) => `${stats.pipeline} (${stats.representation ?? 'none'})`,
  };
  let drawn = 0;
  page.querySelectorAll('.chart').forEach((element) => {
    const id = element.getAttribute('data-for');
    const scope = report.scopes.find((entry) => `${entry.metric}--${entry.scope}` === id);
    if (!scope) return;
    const done =
      element.getAttribute('data-chart') === 'buckets'
        ? drawBucketChart(browser.uPlot, element, scope, style)
        : drawQuantileChart(browser.uPlot, element, report.quantiles, scope, style);
    if (done) drawn += 1;
  });
  page.body.setAttribute('data-charts-drawn', String(drawn));
}

/** What renderHtml inlines into the page, in this order; the page then calls drawReportCharts(). */
export const REPORT_CHART_FUNCTIONS = [drawBucketChart, drawQuantileChart, drawReportCharts] as const;
