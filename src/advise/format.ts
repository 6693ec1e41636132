/**
 * advise's text report: per metric, the boundaries, the predicted error table and the snippets.
 */

import type { MetricAdvice } from './advise.js';
import type { LayoutPrediction, PredictedQuantileError } from './predict.js';
import { snippets } from './snippets.js';

function percent(error: number): string {
  if (Number.isNaN(error)) return 'n/a';
  if (!Number.isFinite(error)) return error > 0 ? '+inf' : '-inf';
  return `${error >= 0 ? '+' : ''}${(error * 100).toFixed(2)}%`;
}

function quantileLabel(q: number): string {
  return `p${Number((q * 100).toPrecision(6))}`;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
    .join('  ')
    .trimEnd();
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((cells) => (cells[i] ?? '').length)));
  return [row(header, widths), ...rows.map((cells) => row(cells, widths))];
}

/** One metric's report. */
export function renderMetricAdvice(advice: MetricAdvice, options: { snippets: boolean } = { snippets: true }): string {
  const { predicted } = advice;
  const samples = predicted.windows > 0 ? `all of them and each of ${predicted.windows} time windows` : 'all of them';
  const lines = [
    `${advice.metric}: ${predicted.observations} observations (${predicted.source}); errors are the worst over ${samples}`,
    `advised boundaries (${advice.boundaries.length}): ${advice.boundaries.join(', ')}`,
    '',
  ];
  const errorCells = (prediction: LayoutPrediction) => [
    ...prediction.byQuantile.map((entry: PredictedQuantileError) => percent(entry.error)),
    percent(prediction.worst),
  ];
  const rows: string[][] = [['advised', String(predicted.advised.boundaries.length), ...errorCells(predicted.advised)]];
  if (predicted.current) {
    rows.push(['current', String(predicted.current.boundaries.length), ...errorCells(predicted.current)]);
  }
  rows.push(['log-spaced', String(predicted.logSpaced.boundaries.length), ...errorCells(predicted.logSpaced)]);
  rows.push([
    `native, scale ${predicted.native.scale}`,
    `${predicted.native.populatedBuckets} populated`,
    ...errorCells(predicted.native),
  ]);
  lines.push(
    'predicted error of histogram_quantile (Prometheus rules replayed, against the exact quantile)',
    ...table(['layout', 'buckets', ...predicted.quantiles.map(quantileLabel), 'worst'], rows),
  );
  if (predicted.limit) lines.push('', `note: ${predicted.limit}`);
  if (options.snippets) {
    for (const snippet of snippets(advice.metric, advice.boundaries)) {
      lines.push('', `${snippet.title}:`, ...snippet.code.split('\n').map((line) => `  ${line}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function renderAdvice(advice: readonly MetricAdvice[], options?: { snippets: boolean }): string {
  return advice.map((entry) => renderMetricAdvice(entry, options)).join('\n');
}
