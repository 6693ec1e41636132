import { describe, expect, it } from 'vitest';
import { HTTP_REQUEST_DURATION_SECONDS, UPLOADED_FILE_BYTES } from '../../src/metrics/definitions.js';
import { type Upload, uploadStream } from '../../src/workload/uploads.js';
import { expectedHistogram } from '../apps/expected.js';
import { cumulativeBucketCounts, exactSummary, observedValue } from './exact.js';

function take(seed: number, n: number): Upload[] {
  const result: Upload[] = [];
  for (const { fileType, bytes, seconds } of uploadStream(seed)) {
    if (result.length === n) break;
    result.push({ fileType, bytes, seconds });
  }
  return result;
}

describe('cumulativeBucketCounts', () => {
  it('counts values at or below each bound (a value on a bound belongs to it), then all of them for +Inf', () => {
    const values = [0.05, 0.1, 0.3, 1, 20];
    expect(cumulativeBucketCounts(values, HTTP_REQUEST_DURATION_SECONDS.boundaries.seed)).toEqual([
      2, 2, 3, 4, 4, 4, 4, 5,
    ]);
  });

  it('returns only the +Inf count for no bounds, and zeros for no values', () => {
    expect(cumulativeBucketCounts([1, 2, 3], [])).toEqual([3]);
    expect(cumulativeBucketCounts([], [1, 2])).toEqual([0, 0, 0]);
  });

  it('matches a running sum of per-bucket counts on a seeded workload', () => {
    const bytes = take(5, 5000).map((upload) => upload.bytes);
    const bounds = UPLOADED_FILE_BYTES.boundaries.fine;
    expect(cumulativeBucketCounts(bytes, bounds)).toEqual(expectedHistogram(bytes, bounds).cumulativeCounts);
  });
});

describe('exactSummary', () => {
  const uploads: Upload[] = [
    { fileType: 'small', bytes: 300_000, seconds: 0.4 },
    { fileType: 'large', bytes: 20_000_000, seconds: 2.6 },
    { fileType: 'small', bytes: 100_000, seconds: 0.2 },
  ];

  it('reads bytes for the size histogram and seconds for the duration histogram', () => {
    const upload = uploads[1] as Upload;
    expect(observedValue(UPLOADED_FILE_BYTES, upload)).toBe(20_000_000);
    expect(observedValue(HTTP_REQUEST_DURATION_SECONDS, upload)).toBe(2.6);
  });

  it('summarises one file type', () => {
    expect(exactSummary(uploads, UPLOADED_FILE_BYTES, 'small')).toEqual({
      count: 2,
      sum: 400_000,
      sortedValues: [100_000, 300_000],
    });
    expect(exactSummary(uploads, UPLOADED_FILE_BYTES, 'medium')).toEqual({ count: 0, sum: 0, sortedValues: [] });
  });

  it('summarises every file type when none is given', () => {
    const summary = exactSummary(uploads, HTTP_REQUEST_DURATION_SECONDS);
    expect(summary.count).toBe(3);
    expect(summary.sortedValues).toEqual([0.2, 0.4, 2.6]);
    expect(summary.sum).toBeCloseTo(3.2, 12);
  });
});
