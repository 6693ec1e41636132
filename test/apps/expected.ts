import { FILE_TYPES, type FileType, type HistogramDefinition } from '../../src/metrics/definitions.js';
import type { Upload } from '../../src/workload/uploads.js';

/**
 * What a histogram must hold, recomputed from an observations file. Written independently of
 * test/helpers/exact.ts: a bucket (lower, upper] holds the values v with lower < v <= upper.
 */
export interface ExpectedHistogram {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  /** Per bucket, as OTLP sends them: one count per finite bound, then the overflow bucket. */
  readonly bucketCounts: readonly number[];
  /** Cumulative, as Prometheus exposes `_bucket{le=...}`: the last entry is `+Inf`. */
  readonly cumulativeCounts: readonly number[];
  readonly values: readonly number[];
}

export function recordedValue(metric: HistogramDefinition, upload: Upload): number {
  return metric.unit === 'bytes' ? upload.bytes : upload.seconds;
}

export function expectedHistogram(values: readonly number[], bounds: readonly number[]): ExpectedHistogram {
  const bucketCounts: number[] = new Array<number>(bounds.length + 1).fill(0);
  for (const value of values) {
    let index = bounds.findIndex((bound) => value <= bound);
    if (index === -1) index = bounds.length;
    bucketCounts[index] = (bucketCounts[index] ?? 0) + 1;
  }
  const cumulativeCounts: number[] = [];
  let running = 0;
  for (const count of bucketCounts) {
    running += count;
    cumulativeCounts.push(running);
  }
  let sum = 0;
  for (const value of values) sum += value;
  return {
    count: values.length,
    sum,
    min: Math.min(...values),
    max: Math.max(...values),
    bucketCounts,
    cumulativeCounts,
    values,
  };
}

/** The expected histogram of a metric for every file type that occurs in the uploads. */
export function expectedByFileType(
  uploads: readonly Upload[],
  metric: HistogramDefinition,
  bounds: readonly number[],
): Map<FileType, ExpectedHistogram> {
  const result = new Map<FileType, ExpectedHistogram>();
  for (const fileType of FILE_TYPES) {
    const values = uploads
      .filter((upload) => upload.fileType === fileType)
      .map((upload) => recordedValue(metric, upload));
    if (values.length > 0) result.set(fileType, expectedHistogram(values, bounds));
  }
  return result;
}

export function countsByFileType(uploads: readonly Upload[]): Map<FileType, number> {
  const counts = new Map<FileType, number>();
  for (const upload of uploads) counts.set(upload.fileType, (counts.get(upload.fileType) ?? 0) + 1);
  return counts;
}

/** Floating-point sums depend on the order of additions: compare them relatively. */
export function closeTo(actual: number, expected: number, relative = 1e-9): boolean {
  return Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected));
}
