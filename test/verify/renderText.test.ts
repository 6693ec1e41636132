import { describe, expect, it } from 'vitest';
import { renderVerifyText } from '../../src/verify/renderText.js';
import { ERROR_DEFINITION, EXACT_DEFINITION, type VerifyReport } from '../../src/verify/report.js';

// One scope, written by hand: values 2, 4, 50, 60 in classic buckets le=10: 2, le=100: 4, +Inf: 4.
const report: VerifyReport = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  prometheusUrl: 'http://prometheus',
  truthSource: 't.csv',
  live: false,
  quantiles: [0.5, 0.9],
  exactDefinition: EXACT_DEFINITION,
  errorDefinition: ERROR_DEFINITION,
  pipelines: [{ name: 'api', title: 'api', template: '$metric{job="api"}' }],
  representations: [{ metric: 'req', pipeline: 'api', representations: ['classic'], message: 'classic histograms' }],
  scopes: [
    {
      metric: 'req',
      unit: 'other',
      scope: 'all',
      labels: {},
      pipelines: [
        {
          pipeline: 'api',
          representation: 'classic',
          present: true,
          count: 4,
          sum: 116,
          mean: 29,
          buckets: [
            { le: '10.0', count: 2 },
            { le: '100.0', count: 4 },
            { le: '+Inf', count: 4 },
          ],
          estimates: [
            { quantile: 0.5, estimate: 10, guaranteed: { lower: 0, upper: 10 }, unbounded: false },
            { quantile: 0.9, estimate: 82, guaranteed: { lower: 10, upper: 100 }, unbounded: false },
          ],
        },
      ],
      exact: {
        count: 4,
        sum: 116,
        mean: 29,
        quantiles: [
          { lower: 4, upper: 50 },
          { lower: 60, upper: 60 },
        ],
      },
      quantileErrors: [
        {
          pipeline: 'api',
          representation: 'classic',
          quantile: 0.5,
          estimate: 10,
          guaranteed: { lower: 0, upper: 10 },
          unbounded: false,
          exact: { lower: 4, upper: 50 },
          absolute: 0,
          relative: 0,
        },
        {
          pipeline: 'api',
          representation: 'classic',
          quantile: 0.9,
          estimate: 82,
          guaranteed: { lower: 10, upper: 100 },
          unbounded: false,
          exact: { lower: 60, upper: 60 },
          absolute: 22,
          relative: 22 / 60,
        },
      ],
    },
  ],
  disagreements: [],
  verdict: 'agree',
};

describe('the verify table', () => {
  const text = renderVerifyText(report);

  it('names what each pipeline holds and shows an exact quantile as an interval when q·n is an integer', () => {
    expect(text).toContain('api req: classic histograms');
    expect(text).toMatch(/^api +classic +4 +116 +29 +10 +82$/m);
    expect(text).toMatch(/^exact +4 +116 +29 +\[4, 50\] +60$/m);
  });

  it('gives each estimate its guaranteed interval, the bucket width as its max error, and its distance to the exact value', () => {
    expect(text).toMatch(/^ {2}api p50 +10 +\(0, 10\] +≤ 10 +\[4, 50\] +0 +0\.00%$/m);
    expect(text).toMatch(/^ {2}api p90 +82 +\(10, 100\] +≤ 90 +60 +22 +\+36\.67%$/m);
  });
});
