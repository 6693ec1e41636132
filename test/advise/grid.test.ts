import { describe, expect, it } from 'vitest';
import { candidateGrid, logSpacedBoundaries, mergeCandidates, NICE_MANTISSAS } from '../../src/advise/grid.js';

describe('the nice grid', () => {
  it('steps by 0.1 from 1 to 2, by 0.25 from 2 to 5, by 0.5 from 5 to 10', () => {
    expect(NICE_MANTISSAS).toEqual([
      1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 3.75, 4, 4.25, 4.5, 4.75, 5,
      5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5,
    ]);
  });

  it('covers [min, max] from the grid value below min to the one at or above max, without float noise', () => {
    expect(candidateGrid(0.93, 2.1, NICE_MANTISSAS)).toEqual([
      0.9, 0.95, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.25,
    ]);
    // 45 M is itself a grid value: the grid starts one below it, at 42.5 M (mantissa 4.25).
    expect(candidateGrid(45_000_000, 52_000_000, NICE_MANTISSAS)).toEqual([
      42_500_000, 45_000_000, 47_500_000, 50_000_000, 55_000_000,
    ]);
    expect(candidateGrid(100, 100, NICE_MANTISSAS)).toEqual([95, 100]);
  });

  it('refuses a range that does not start above 0', () => {
    expect(() => candidateGrid(0, 1, NICE_MANTISSAS)).toThrow(/0 < min <= max/);
  });

  it('adds thresholds to the candidates, sorted and once', () => {
    expect(mergeCandidates([1, 2, 5], [3.3, 2])).toEqual([1, 2, 3.3, 5]);
  });
});

describe('logSpacedBoundaries', () => {
  it('spaces boundaries evenly on a log scale, to 3 significant digits', () => {
    expect(logSpacedBoundaries(1, 100, 3)).toEqual([1, 10, 100]);
    expect(logSpacedBoundaries(1, 1000, 4)).toEqual([1, 10, 100, 1000]);
    expect(logSpacedBoundaries(2, 8, 3)).toEqual([2, 4, 8]);
  });
});
