import { describe, expect, it } from 'vitest';
import { DEMO_PIPELINES } from '../../src/pipelines/registry.js';
import { benchPromql as promql } from '../../src/promql/bench.js';

const pipeline = (name: string) => {
  const found = DEMO_PIPELINES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe("the benchmark's PromQL", () => {
  it('sums classic buckets by le and native histograms whole', () => {
    expect(promql.quantile(0.99, pipeline('direct'), 'uploaded_file_bytes', 'classic')).toBe(
      'histogram_quantile(0.99, sum by (le) (uploaded_file_bytes_bucket{job="direct-app"}))',
    );
    expect(promql.quantile(0.5, pipeline('native'), 'uploaded_file_bytes', 'native')).toBe(
      'histogram_quantile(0.5, sum (logfire_native_uploaded_file_bytes))',
    );
    expect(promql.totalCount(pipeline('native'), 'uploaded_file_bytes', 'native')).toBe(
      'sum(histogram_count(logfire_native_uploaded_file_bytes))',
    );
  });

  it("counts every series of one pipeline's histogram, keeping the pipeline's matchers", () => {
    expect(promql.seriesCount(pipeline('direct'), 'uploaded_file_bytes')).toBe(
      'count({__name__=~"uploaded_file_bytes(_bucket|_count|_sum)?",job="direct-app"})',
    );
    expect(promql.seriesMatch(pipeline('logfire'), 'uploaded_file_bytes')).toBe(
      '{__name__=~"logfire_uploaded_file_bytes(_bucket|_count|_sum)?"}',
    );
  });
});
