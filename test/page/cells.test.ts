import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/workload/SeededRandom.js';
import { classicCells, nativeCells, parseLe, type SeriesLike } from '../../web/src/heatmap/cells.js';

const le = (bound: string, values: Array<[number, number | null]>): SeriesLike => ({ labels: { le: bound }, values });

describe('classic heatmap cells', () => {
  it('de-cumulates le buckets into (previous le, le] cells, worked by hand', () => {
    // At 60 s: 2 observations <= 0.1, 5 <= 1, 6 in all: buckets (.., 0.1] 2, (0.1, 1] 3, (1, +Inf) 1.
    const series = [le('+Inf', [[60_000, 6]]), le('0.1', [[60_000, 2]]), le('1', [[60_000, 5]])];
    expect(classicCells(series, 10, 30_000)).toEqual([
      { start: 30_000, end: 60_000, lower: 0.01, upper: 0.1, value: 2, openTop: false },
      { start: 30_000, end: 60_000, lower: 0.1, upper: 1, value: 3, openTop: false },
      { start: 30_000, end: 60_000, lower: 1, upper: 10, value: 1, openTop: true },
    ]);
  });

  it('sums series of the same le (a query that kept another label) and skips null points', () => {
    const series = [
      le('1', [
        [1000, 1],
        [2000, null],
      ]),
      le('1', [[1000, 2]]),
      le('+Inf', [[1000, 4]]),
    ];
    const cells = classicCells(series, 2);
    expect(cells.map((cell) => [cell.lower, cell.upper, cell.value])).toEqual([
      [0.5, 1, 3],
      [1, 2, 1],
    ]);
  });

  it('parses le as Prometheus writes it', () => {
    expect(parseLe('1e+06')).toBe(1_000_000);
    expect(parseLe('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseLe('0.005')).toBe(0.005);
    expect(parseLe('')).toBeUndefined();
    expect(parseLe('abc')).toBeUndefined();
  });

  it('keeps every observation: the cells of one instant add up to the +Inf bucket (random cases)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = new SeededRandom(seed);
      const bounds = [
        ...new Set(Array.from({ length: 1 + Math.floor(random.next() * 12) }, () => 10 ** (random.next() * 8 - 2))),
      ].sort((a, b) => a - b);
      let cumulative = 0;
      const series = bounds.map((bound) => {
        cumulative += Math.floor(random.next() * 50);
        return le(String(bound), [[5000, cumulative]]);
      });
      const total = cumulative + Math.floor(random.next() * 5);
      series.push(le('+Inf', [[5000, total]]));
      const cells = classicCells(series, 10, 1000);
      const sum = cells.reduce((acc, cell) => acc + cell.value, 0);
      expect(sum, `seed ${seed}`).toBe(total);
      for (const cell of cells) expect(cell.upper > cell.lower && cell.lower > 0, `seed ${seed}`).toBe(true);
    }
  });
});

describe('native heatmap cells', () => {
  it('draws each bucket at its bounds and leaves out the zero bucket, seconds turned into ms', () => {
    const series: SeriesLike[] = [
      {
        values: [],
        histograms: [
          [
            120,
            {
              buckets: [
                [3, '-0.001', '0.001', '2'],
                [0, '1024', '2048', '0.5'],
                [0, '2048', '4096', '1.5'],
              ],
            },
          ],
        ],
      },
    ];
    const { cells, leftOut } = nativeCells(series, 15_000);
    expect(leftOut).toBe(1);
    expect(cells).toEqual([
      { start: 105_000, end: 120_000, lower: 1024, upper: 2048, value: 0.5, openTop: false },
      { start: 105_000, end: 120_000, lower: 2048, upper: 4096, value: 1.5, openTop: false },
    ]);
  });
});
