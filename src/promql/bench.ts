/** The PromQL of `npm run bench` (src/bench/), built from the pipeline registry. */
import { type Pipeline, seriesSelector } from '../pipelines/registry.js';
import { pipelineSeries as selector } from './expressions.js';
import { quantileQuery, type Representation } from './quantile.js';

/** Every series of one histogram in a pipeline (buckets, count and sum, or the native series); also `promtool tsdb analyze --match`. */
function seriesMatch(pipeline: Pipeline, metric: string): string {
  const { name, matchers } = seriesSelector(pipeline, metric);
  return `{${[`__name__=~"${name}(_bucket|_count|_sum)?"`, matchers].filter((part) => part !== '').join(',')}}`;
}

export const benchPromql = {
  totalCount: (pipeline: Pipeline, metric: string, representation: Representation) =>
    representation === 'classic'
      ? `sum(${selector(pipeline, metric, '_count')})`
      : `sum(histogram_count(${selector(pipeline, metric)}))`,
  quantile: (q: number, pipeline: Pipeline, metric: string, representation: Representation) =>
    quantileQuery(pipeline, metric, representation, { q }),
  buckets: (pipeline: Pipeline, metric: string, representation: Representation) =>
    representation === 'classic'
      ? `sum by (le) (${selector(pipeline, metric, '_bucket')})`
      : `sum(${selector(pipeline, metric)})`,
  /** Every series of one histogram in a pipeline: buckets, count and sum, or the native series. */
  seriesCount: (pipeline: Pipeline, metric: string) => `count(${seriesMatch(pipeline, metric)})`,
  seriesMatch,
};
