/** What the tests expect of a workload: its exact counts, sums and bucket counts, computed directly. */
import type { FileType, HistogramDefinition } from '../../src/metrics/definitions.js';
import type { Upload } from '../../src/workload/uploads.js';

/** The value a histogram metric records for an upload. */
export function observedValue(metric: HistogramDefinition, upload: Upload): number {
  return metric.unit === 'bytes' ? upload.bytes : upload.seconds;
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
