import type { FileType, HistogramDefinition } from '../metrics/definitions.js';
import type { Upload } from './uploads.js';

/** The value a histogram metric records for an upload. */
export function observedValue(metric: HistogramDefinition, upload: Upload): number {
  return metric.unit === 'bytes' ? upload.bytes : upload.seconds;
}

/**
 * Exact quantile by the nearest-rank definition: the smallest observed value such that at
 * least q of all observations are at or below it (rank ceil(q * n), 1-based).
 */
export function nearestRankQuantile(sortedValues: readonly number[], q: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  let rank = Math.max(1, Math.ceil(q * sortedValues.length));
  // q * n carries float noise (0.07 * 100 = 7.000000000000001): step back when the rank below already covers q.
  if (rank > 1 && (rank - 1) / sortedValues.length >= q) rank -= 1;
  return sortedValues[rank - 1] as number;
}

/** Cumulative bucket counts as Prometheus exposes them: count of values <= bound, then +Inf. */
export function cumulativeBucketCounts(values: readonly number[], boundaries: readonly number[]): number[] {
  const counts = boundaries.map((bound) => values.filter((value) => value <= bound).length);
  counts.push(values.length);
  return counts;
}

export interface ExactSummary {
  readonly count: number;
  readonly sum: number;
  readonly sortedValues: readonly number[];
}

/** Exact count, sum and sorted values of a metric, for one file type or all (`undefined`). */
export function exactSummary(
  uploads: readonly Upload[],
  metric: HistogramDefinition,
  fileType?: FileType,
): ExactSummary {
  const values = uploads
    .filter((upload) => fileType === undefined || upload.fileType === fileType)
    .map((upload) => observedValue(metric, upload))
    .sort((a, b) => a - b);
  return { count: values.length, sum: values.reduce((sum, value) => sum + value, 0), sortedValues: values };
}
