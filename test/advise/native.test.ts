import { describe, expect, it } from 'vitest';
import { nativeBuckets, scaleForPopulated } from '../../src/advise/native.js';

describe("advise's native buckets", () => {
  it('puts values in the buckets of their scale', () => {
    // Scale 0: bucket i is (2^(i-1), 2^i]. 3 -> (2, 4] index 2; 4 -> index 2; 5 -> (4, 8] index 3.
    expect(nativeBuckets([3, 4, 5], 0)).toEqual([
      { lower: 2, upper: 4, count: 2 },
      { lower: 4, upper: 8, count: 1 },
    ]);
    // Scale -1: bucket i is (4^(i-1), 4^i]. 3, 4 -> (1, 4] index 1; 5 -> (4, 16] index 2.
    expect(nativeBuckets([3, 4, 5], -1)).toEqual([
      { lower: 1, upper: 4, count: 2 },
      { lower: 4, upper: 16, count: 1 },
    ]);
  });

  it('chooses the finest scale whose populated buckets fit the budget', () => {
    // 1.5, 3, 6, 12: one per bucket at scale 0 and every finer scale (4 buckets); at scale -1,
    // (1, 4] and (4, 16]: 2.
    const indices = [1.5, 3, 6, 12];
    expect(scaleForPopulated(indices, 4)).toBe(8);
    expect(scaleForPopulated(indices, 3)).toBe(-1);
  });
});
