/** The size ranges' names, worked out by hand from the seed layout's boundaries. */

import { describe, expect, it } from 'vitest';
import { sizeRangeLegend } from '../../src/dashboards/sizeRanges.js';
import { SIZE_RANGES } from '../../src/promql/dashboards.js';

describe('the size ranges on the dashboards', () => {
  it('are named in interval notation, open at +Inf', () => {
    expect(SIZE_RANGES.map(sizeRangeLegend)).toEqual([
      '(0, 100 kB]',
      '(100 kB, 500 kB]',
      '(500 kB, 1 MB]',
      '(1 MB, 5 MB]',
      '(5 MB, 10 MB]',
      '(10 MB, 50 MB]',
      '(50 MB, 100 MB]',
      '(100 MB, +Inf)',
    ]);
  });
});
