/** The ready-made queries `start` prints: one per pipeline where it matters, read from the registry. */
import { HISTOGRAMS, UPLOADED_FILE_BYTES } from '../metrics/definitions.js';
import { demoPipeline } from '../pipelines/registry.js';
import { pipelineSeries, sumBy } from './expressions.js';
import { quantileQuery } from './quantile.js';

export function startQueries(): string[] {
  const bytes = UPLOADED_FILE_BYTES.name;
  const logfire = demoPipeline('logfire');
  const direct = demoPipeline('direct');
  const native = demoPipeline('native');
  const otlp = demoPipeline('otlp');
  return [
    ...[logfire, direct].map((pipeline) => quantileQuery(pipeline, bytes, 'classic', { q: 0.95, window: '1m' })),
    ...[native, otlp].map((pipeline) => quantileQuery(pipeline, bytes, 'native', { q: 0.95, window: '1m' })),
    ...HISTOGRAMS.map(
      (metric) =>
        `${sumBy(pipelineSeries(direct, metric.name, '_count'), ['job'])} or ${sumBy(pipelineSeries(logfire, metric.name, '_count'), ['job'])}`,
    ),
    `${sumBy(pipelineSeries(logfire, bytes, '_bucket', ['le="1e+06"']))} / ${sumBy(pipelineSeries(logfire, bytes, '_count'))}`,
  ];
}
