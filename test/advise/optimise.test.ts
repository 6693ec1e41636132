import { describe, expect, it } from 'vitest';
import { optimiseBoundaries } from '../../src/advise/optimise.js';
import { predictClassic } from '../../src/advise/predict.js';
import { Reference } from '../../src/advise/Reference.js';

// Two clusters: four observations at 1, four at 10. p25 has rank 2, exact interval [1, 1];
// p75 has rank 6, exact interval [10, 10].
const clusters = Reference.fromValues([1, 1, 1, 1, 10, 10, 10, 10], 1);
const quantiles = [0.25, 0.75];
const candidates = [0.5, 1, 5, 10];

describe('optimiseBoundaries', () => {
  it('finds the layout whose worst replayed error is smallest, worked out by hand', () => {
    // By hand, every pair of candidates (worst of p25, p75):
    //   {0.5, 1}:  p25 0.5 + 0.5*2/4 = 0.75 (-25%); p75 in +Inf -> 1 (-90%)      worst 90%
    //   {0.5, 5}:  p25 0.5 + 4.5*2/4 = 2.75 (+175%)                              worst >= 175%
    //   {0.5, 10}: p25 0.5 + 9.5*2/8 = 2.875 (+187.5%)                           worst >= 187.5%
    //   {1, 5}:    p25 1*2/4 = 0.5 (-50%); p75 in +Inf -> 5 (-50%)               worst 50%
    //   {1, 10}:   p25 0.5 (-50%); p75 1 + 9*(6-4)/4 = 5.5 (-45%)                worst 50%
    //   {5, 10}:   p25 5*2/4 = 2.5 (+150%)                                       worst >= 150%
    // {1, 5} and {1, 10} tie on the worst; {1, 10} has the smaller total and no quantile in +Inf.
    expect(optimiseBoundaries(clusters, { count: 2, quantiles, candidates, thresholds: [] })).toEqual([1, 10]);
  });

  it('predicts the errors worked out by hand for that layout', () => {
    const prediction = predictClassic(clusters, [1, 10], quantiles);
    expect(prediction.byQuantile.map((entry) => entry.error)).toEqual([-0.5, -0.45]);
    expect(prediction.worst).toBe(0.5);
  });

  it('keeps every threshold as a boundary, even where the error would prefer otherwise', () => {
    // With 5 forced: {0.5, 5} worst 175%, {1, 5} worst 50%, {5, 10} worst 150% -> {1, 5}.
    expect(optimiseBoundaries(clusters, { count: 2, quantiles, candidates, thresholds: [5] })).toEqual([1, 5]);
    const layout = optimiseBoundaries(clusters, { count: 3, quantiles, candidates, thresholds: [0.5, 5] });
    expect(layout).toContain(0.5);
    expect(layout).toContain(5);
  });

  it.each([1, 2, 3, 4])('returns exactly %i boundaries, increasing, among the candidates', (count) => {
    const layout = optimiseBoundaries(clusters, { count, quantiles, candidates, thresholds: [] });
    expect(layout).toHaveLength(count);
    expect(
      layout.every((bound, i) => candidates.includes(bound) && (i === 0 || bound > (layout[i - 1] as number))),
    ).toBe(true);
  });

  it('returns every candidate when asked for more boundaries than there are candidates', () => {
    expect(optimiseBoundaries(clusters, { count: 9, quantiles, candidates, thresholds: [] })).toEqual(candidates);
  });

  it('refuses more thresholds than boundaries', () => {
    expect(() => optimiseBoundaries(clusters, { count: 1, quantiles, candidates, thresholds: [1, 5] })).toThrow(
      /2 thresholds do not fit in 1 boundaries/,
    );
  });

  it('fits the worst time window, not only all the data', () => {
    // Window 1 is 1..10 (p50 rank 5: [5, 6]), window 2 is 101..110 ([105, 106]); all of it has
    // p50 rank 10: [10, 101]. By hand, with candidates 10, 100, 110:
    //   {10, 100}: all -> 10 (0); window 1 -> 5 (0); window 2 in +Inf -> 100 (-4.76%)
    //   {10, 110}: all -> 10 (0); window 1 -> 5 (0); window 2 -> 10 + 100*5/10 = 60 (-42.9%)
    //   {100, 110}: window 1 -> 100*5/10 = 50 (+733%)
    const values = [...Array.from({ length: 10 }, (_, i) => i + 1), ...Array.from({ length: 10 }, (_, i) => i + 101)];
    const options = { count: 2, quantiles: [0.5], candidates: [10, 100, 110], thresholds: [] };
    expect(optimiseBoundaries(Reference.fromValues(values, 2), options)).toEqual([10, 100]);
    // On all the data alone, {10, 110} looks as good: only the windows tell them apart.
    expect(predictClassic(Reference.fromValues(values, 1), [10, 110], [0.5]).worst).toBe(0);
    expect(predictClassic(Reference.fromValues(values, 2), [10, 110], [0.5]).worst).toBeCloseTo(45 / 105, 12);
  });
});
