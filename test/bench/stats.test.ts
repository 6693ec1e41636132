import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../../src/bench/stats.js';

describe('benchmark statistics', () => {
  it('reports the median and the extremes of the rounds, whatever their order', () => {
    // Sorted: 1 2 3 10 -> median halfway between 2 and 3.
    expect(summarize([10, 2, 1, 3])).toEqual({ median: 2.5, min: 1, max: 10, rounds: 4 });
  });

  it('interpolates percentiles linearly between ranks', () => {
    // 21 values 0..20: p95 sits at position 19 exactly.
    const values = Array.from({ length: 21 }, (_, i) => 20 - i);
    expect(percentile(values, 0.95)).toBe(19);
    expect(percentile([1, 2], 0.5)).toBe(1.5);
  });
});
