import { describe, expect, it } from 'vitest';
import { nativeBuckets, nativeQuantile, scaleForPopulated } from '../../src/advise/native.js';

describe('native histogram replay', () => {
  it('puts values in the buckets of their scale', () => {
    // Scale 0: bucket i is (2^(i-1), 2^i]. 3 -> (2, 4] index 2; 4 -> index 2; 5 -> (4, 8] index 3.
    expect(nativeBuckets([3, 4, 5], 0)).toEqual([
      { index: 2, count: 2 },
      { index: 3, count: 1 },
    ]);
    // Scale -1: bucket i is (4^(i-1), 4^i]. 3, 4 -> (1, 4] index 1; 5 -> (4, 16] index 2.
    expect(nativeBuckets([3, 4, 5], -1)).toEqual([
      { index: 1, count: 2 },
      { index: 2, count: 1 },
    ]);
  });

  it('interpolates on a log scale, counting from the top from the median up (promql/quantile.go)', () => {
    // Four values in (2, 4] at scale 0. p50: rank (1-0.5)*4 = 2 from the top, fraction (4-2)/4
    // = 0.5 -> 2^(1 + 0.5) = 2.828...; p25 counts from the bottom: rank 1, fraction 1/4 -> 2^1.25.
    const buckets = [{ index: 2, count: 4 }];
    expect(nativeQuantile(buckets, 0, 0.5)).toBeCloseTo(2 ** 1.5, 12);
    expect(nativeQuantile(buckets, 0, 0.25)).toBeCloseTo(2 ** 1.25, 12);
    // Two buckets: (1, 2] holds 1, (2, 4] holds 3. p90 from the top: rank 0.4 of (2, 4]'s 3,
    // so fraction (3 - 0.4)/3 -> 2^(1 + 2.6/3).
    expect(
      nativeQuantile(
        [
          { index: 1, count: 1 },
          { index: 2, count: 3 },
        ],
        0,
        0.9,
      ),
    ).toBeCloseTo(2 ** (1 + 2.6 / 3), 12);
  });

  it('chooses the finest scale whose populated buckets fit the budget', () => {
    // 1.5, 3, 6, 12: one per bucket at scale 0 and every finer scale (4 buckets); at scale -1,
    // (1, 4] and (4, 16]: 2.
    const indices = [1.5, 3, 6, 12];
    expect(scaleForPopulated(indices, 4)).toBe(8);
    expect(scaleForPopulated(indices, 3)).toBe(-1);
  });
});
