/**
 * The end-to-end test's own reading of the bucket series: kept apart from verify's comparison
 * (src/verify/compare.ts) so that the pipeline test does not judge verify's logic with itself.
 */
import { FILE_TYPE_LABEL } from '../../src/metrics/definitions.js';
import { byLe } from '../../src/prometheus/le.js';
import type { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';

/** Cumulative bucket counts keyed by `file_type` then `le`, exactly as Prometheus stores them. */
export type BucketTable = Map<string, Map<string, number>>;

/** `sum by (le, file_type)`: one pipeline's buckets, summed over app instances. */
export async function readBuckets(client: PrometheusClient, bucketSeries: string): Promise<BucketTable> {
  const samples = await client.query(`sum by (le, ${FILE_TYPE_LABEL}) (${bucketSeries})`);
  const table: BucketTable = new Map();
  for (const sample of samples) {
    const fileType = sample.labels[FILE_TYPE_LABEL] ?? '';
    const le = sample.labels.le ?? '';
    const row = table.get(fileType) ?? new Map<string, number>();
    row.set(le, sample.value);
    table.set(fileType, row);
  }
  return table;
}

export interface BucketDifference {
  readonly fileType: string;
  readonly le: string;
  readonly left: number | undefined;
  readonly right: number | undefined;
}

/** Every (file_type, le) where two tables differ, a missing bucket included. */
export function diffBuckets(left: BucketTable, right: BucketTable): BucketDifference[] {
  const differences: BucketDifference[] = [];
  const fileTypes = new Set([...left.keys(), ...right.keys()]);
  for (const fileType of [...fileTypes].sort()) {
    const a = left.get(fileType) ?? new Map<string, number>();
    const b = right.get(fileType) ?? new Map<string, number>();
    const les = [...new Set([...a.keys(), ...b.keys()])].sort(byLe);
    for (const le of les) {
      if (a.get(le) !== b.get(le)) differences.push({ fileType, le, left: a.get(le), right: b.get(le) });
    }
  }
  return differences;
}
