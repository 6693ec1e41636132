import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../../src/pipelines/registry.js';
import { verifyClassicQueries, verifyNativeQueries } from '../../src/promql/verify.js';

function parses(expression: string): boolean {
  let error = false;
  parser.parse(expression).iterate({
    enter: (node) => {
      if (node.type.isError) error = true;
    },
  });
  return !error;
}

describe("verify's queries", () => {
  const pipeline = parsePipeline('api=$metric{job="api"}');

  it('aggregate classic series by le and the scope label, keeping the template matchers', () => {
    const queries = verifyClassicQueries(pipeline, 'req_seconds', ['route']);
    expect(queries.buckets).toBe('sum by (le, route) (req_seconds_bucket{job="api"})');
    expect(queries.count).toBe('sum by (route) (req_seconds_count{job="api"})');
    expect(queries.quantile(0.5)).toBe('histogram_quantile(0.5, sum by (le, route) (req_seconds_bucket{job="api"}))');
  });

  it('aggregate native histograms without le, and read every series on its own', () => {
    const queries = verifyNativeQueries(pipeline, 'req_seconds', []);
    expect(queries.histogram).toBe('sum (req_seconds{job="api"})');
    expect(queries.series).toBe('req_seconds{job="api"}');
    expect(queries.quantile(0.99)).toBe('histogram_quantile(0.99, sum (req_seconds{job="api"}))');
  });

  it('ask histogram_fraction for the share at or below a threshold, classic by le and native as is', () => {
    expect(verifyClassicQueries(pipeline, 'req_seconds', ['route']).fraction(0.25)).toBe(
      'histogram_fraction(-Inf, 0.25, sum by (le, route) (req_seconds_bucket{job="api"}))',
    );
    expect(verifyNativeQueries(pipeline, 'req_seconds', []).fraction(1e-7)).toBe(
      'histogram_fraction(-Inf, 1e-7, sum (req_seconds{job="api"}))',
    );
  });

  it('are valid PromQL', () => {
    const classic = verifyClassicQueries(pipeline, 'm', ['a']);
    const native = verifyNativeQueries(pipeline, 'm', ['a']);
    for (const query of [
      classic.buckets,
      classic.count,
      classic.sum,
      classic.quantile(0.9),
      native.histogram,
      native.quantile(0.9),
      classic.fraction(1000000),
      native.fraction(-2.5),
      native.fraction(1e21),
    ]) {
      expect(parses(query), query).toBe(true);
    }
  });
});
