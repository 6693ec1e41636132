import { expect } from 'vitest';
import { FILE_UPLOADS_TOTAL, HISTOGRAMS, type HistogramDefinition } from '../../src/metrics/definitions.js';
import type { Upload } from '../../src/workload/uploads.js';
import { closeTo, countsByFileType, expectedByFileType } from './expected.js';
import { type ExpositionSample, only, select } from './promText.js';

/** Every _bucket, _sum and _count series of every histogram, and the counter, equal the uploads. */
export function expectExposition(
  samples: readonly ExpositionSample[],
  uploads: readonly Upload[],
  boundsOf: (metric: HistogramDefinition) => readonly number[],
): void {
  for (const metric of HISTOGRAMS) {
    const bounds = boundsOf(metric);
    const expected = expectedByFileType(uploads, metric, bounds);
    const seriesTypes = new Set(select(samples, `${metric.name}_count`).map((sample) => sample.labels.file_type));
    expect([...seriesTypes].sort()).toEqual([...expected.keys()].sort());
    for (const [fileType, want] of expected) {
      const labels = { file_type: fileType };
      const where = `${metric.name}{file_type="${fileType}"}`;
      const buckets = select(samples, `${metric.name}_bucket`, labels);
      expect(
        buckets.map((sample) => sample.labels.le),
        where,
      ).toEqual([...bounds.map(String), '+Inf']);
      expect(
        buckets.map((sample) => sample.value),
        where,
      ).toEqual(want.cumulativeCounts);
      expect(only(samples, `${metric.name}_count`, labels), where).toBe(want.count);
      const sum = only(samples, `${metric.name}_sum`, labels);
      expect(closeTo(sum, want.sum), `${where} sum ${sum} vs ${want.sum}`).toBe(true);
    }
  }
  const counted = new Map(
    select(samples, FILE_UPLOADS_TOTAL.name).map((sample) => [sample.labels.file_type, sample.value]),
  );
  expect(counted).toEqual(countsByFileType(uploads));
}
