/**
 * The dashboards' PromQL without a server: the spellings worked out by hand (how Prometheus 3
 * stores `le`, how a number literal is written), the size ranges, and that every query parses
 * with the grammar of Prometheus' own UI. What each query returns is checked against the real
 * Prometheus in test/dashboards/panels.e2e.test.ts, not by retyping the expressions here.
 */

import { describe, expect, it } from 'vitest';
import { HISTOGRAMS, HTTP_REQUEST_DURATION_SECONDS, UPLOADED_FILE_BYTES } from '../../src/metrics/definitions.js';
import { DEMO_PIPELINES } from '../../src/pipelines/registry.js';
import {
  DURATION_SLO,
  histogramQueries,
  pipelineQueries,
  promqlNumber,
  README_RATE_WINDOW,
  SIZE_QUANTILES,
  SIZE_RANGES,
  SMALL_FILE_LIMIT_BYTES,
} from '../../src/promql/dashboards.js';
import { promqlErrors } from '../dashboards/model.js';
import { allQueries } from '../helpers/dashboardQueries.js';

describe('promqlNumber', () => {
  it('spells histogram_fraction bounds as short number literals', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [1, '1'],
      [2.5, '2.5'],
      [100_000, '1e5'],
      [500_000, '5e5'],
      [1_000_000, '1e6'],
      [100_000_000, '1e8'],
      [Number.POSITIVE_INFINITY, '+Inf'],
    ];
    for (const [value, spelled] of cases) expect(promqlNumber(value), String(value)).toBe(spelled);
    for (const [value, spelled] of cases) expect(Number(spelled.replace('Inf', 'Infinity')), spelled).toBe(value);
  });
});

describe('the size ranges of the native distribution', () => {
  it('split the sizes at the classic buckets’ bounds, without gap or overlap', () => {
    expect(SIZE_RANGES.map((range) => [range.lower, range.upper])).toEqual([
      [0, 100_000],
      [100_000, 500_000],
      [500_000, 1_000_000],
      [1_000_000, 5_000_000],
      [5_000_000, 10_000_000],
      [10_000_000, 50_000_000],
      [50_000_000, 100_000_000],
      [100_000_000, Number.POSITIVE_INFINITY],
    ]);
  });
});

describe('the dashboards’ queries', () => {
  it('ask only for bucket bounds that exist in the layouts', () => {
    // The 1 MB bucket exists in both layouts; the Apdex target T = 1 s in the default seed layout.
    expect(UPLOADED_FILE_BYTES.boundaries.seed).toContain(SMALL_FILE_LIMIT_BYTES);
    expect(UPLOADED_FILE_BYTES.boundaries.fine).toContain(SMALL_FILE_LIMIT_BYTES);
    expect(HTTP_REQUEST_DURATION_SECONDS.boundaries.seed).toContain(DURATION_SLO.satisfiedSeconds);
    // Apdex tolerates up to 4T: 4 s, between the seed's 2.5 s and 5 s (read with histogram_fraction()),
    // and 2^2, a boundary of every native scale, as T = 2^0 is.
    expect(DURATION_SLO).toEqual({ satisfiedSeconds: 1, toleratedSeconds: 4 });
    expect(HTTP_REQUEST_DURATION_SECONDS.boundaries.seed).not.toContain(DURATION_SLO.toleratedSeconds);
  });

  it('parse, for every pipeline in both representations, with a dashboard and the README window', () => {
    for (const pipeline of DEMO_PIPELINES) {
      for (const representation of ['classic', 'native'] as const) {
        for (const window of ['20s', README_RATE_WINDOW]) {
          const exprs = [
            ...allQueries(pipelineQueries(pipeline, representation, window)),
            ...HISTOGRAMS.flatMap((metric) => {
              const q = histogramQueries(pipeline, representation, metric, window);
              return [
                ...SIZE_QUANTILES.map((quantile) => q.quantile(quantile)),
                q.countSinceStart,
                q.sumSinceStart,
                q.heatmap,
              ];
            }),
          ];
          for (const expr of exprs) expect(promqlErrors(expr), expr).toEqual([]);
        }
      }
    }
  });
});
