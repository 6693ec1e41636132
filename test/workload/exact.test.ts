import { describe, expect, it } from 'vitest';
import { HTTP_REQUEST_DURATION_SECONDS, UPLOADED_FILE_BYTES } from '../../src/metrics/definitions.js';
import { cumulativeBucketCounts, exactSummary, nearestRankQuantile, observedValue } from '../../src/workload/exact.js';
import { type Upload, uploadStream } from '../../src/workload/uploads.js';
import { expectedHistogram } from '../apps/expected.js';

function take(seed: number, n: number): Upload[] {
  const result: Upload[] = [];
  for (const { fileType, bytes, seconds } of uploadStream(seed)) {
    if (result.length === n) break;
    result.push({ fileType, bytes, seconds });
  }
  return result;
}

/**
 * Nearest rank computed another way: the smallest observed value v such that the share of
 * observations at or below v is at least q. Integer arithmetic (k * n vs. 100 * count) for
 * percentiles, so no rounding of q * n is involved.
 */
function percentileByCounting(sorted: readonly number[], percent: number): number {
  const n = sorted.length;
  for (const value of sorted) {
    const atOrBelow = sorted.filter((other) => other <= value).length;
    if (100 * atOrBelow >= percent * n) return value;
  }
  return Number.NaN;
}

describe('nearestRankQuantile', () => {
  // 3 1 4 1 5 9 2 6, sorted: 1 1 2 3 4 5 6 9 (n = 8).
  const sorted = [1, 1, 2, 3, 4, 5, 6, 9];

  it.each([
    [0, 1], // rank max(1, 0) = 1
    [0.125, 1], // rank 1
    [0.13, 1], // rank ceil(1.04) = 2, the second 1
    [0.25, 1], // rank 2
    [0.26, 2], // rank ceil(2.08) = 3
    [0.5, 3], // rank 4
    [0.75, 5], // rank 6
    [0.9, 9], // rank ceil(7.2) = 8
    [1, 9], // rank 8
  ])('returns the hand-computed value at q = %s of 1 1 2 3 4 5 6 9', (q, expected) => {
    expect(nearestRankQuantile(sorted, q)).toBe(expected);
  });

  it('returns NaN for no observations', () => {
    expect(nearestRankQuantile([], 0.5)).toBeNaN();
  });

  it('agrees with an independent count-based computation for every percentile', () => {
    const mismatches: string[] = [];
    for (const n of [1, 7, 10, 50, 100, 300, 1000]) {
      const values = take(n, n)
        .map((upload) => upload.bytes)
        .sort((a, b) => a - b);
      for (let percent = 1; percent <= 99; percent += 1) {
        const actual = nearestRankQuantile(values, percent / 100);
        const expected = percentileByCounting(values, percent);
        if (actual !== expected) mismatches.push(`n=${n} q=${percent / 100}: got ${actual}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

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
