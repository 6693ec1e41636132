import { describe, expect, it } from 'vitest';
import { renderVerifyText } from '../../src/verify/renderText.js';
import {
  ERROR_DEFINITION,
  EXACT_DEFINITION,
  THRESHOLD_DEFINITION,
  type VerifyReport,
} from '../../src/verify/report.js';

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
  // Thresholds worked by hand: 10 is the le="10.0" boundary, 2 of 4; 55 lies in (10, 100], holding 2:
  // Prometheus interpolates 2 + 2 * (55 - 10) / 90 = 3 of 4, within [2, 4] of 4; exactly 2, 4, 50 are <= 55.
  thresholds: [
    {
      metric: 'req',
      scope: 'all',
      pipeline: 'api',
      representation: 'classic',
      value: 10,
      estimate: 0.5,
      interval: [0.5, 0.5],
      exact: 0.5,
      error: 0,
      boundary: true,
    },
    {
      metric: 'req',
      scope: 'all',
      pipeline: 'api',
      representation: 'classic',
      value: 55,
      estimate: 0.75,
      interval: [0.5, 1],
      exact: 0.75,
      error: 0,
      boundary: false,
    },
  ],
  thresholdDefinition: THRESHOLD_DEFINITION,
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

  it('answers the SLO question per threshold: estimate, guaranteed interval, exact share, error, and whether it interpolated', () => {
    expect(text).toContain(`Threshold ${THRESHOLD_DEFINITION}`);
    expect(text).toMatch(/^ {2}api ≤ 10 +50\.00% +50\.00% +50\.00% +\+0\.00 pp +bucket boundary: exact$/m);
    expect(text).toMatch(
      /^ {2}api ≤ 55 +75\.00% +\[50\.00%, 100\.00%\] +75\.00% +\+0\.00 pp +not a bucket boundary: interpolated$/m,
    );
  });
});
