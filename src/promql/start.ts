/** The ready-made queries `start` prints: one per pipeline where it matters, read from the registry. */
import { HISTOGRAMS, UPLOADED_FILE_BYTES } from '../metrics/definitions.js';
import { demoPipeline } from '../pipelines/registry.js';
import { histogramQuantile, pipelineSeries, sumBy } from './expressions.js';

export function startQueries(): string[] {
  const bytes = UPLOADED_FILE_BYTES.name;
  const logfire = demoPipeline('logfire');
  const direct = demoPipeline('direct');
  const native = demoPipeline('native');
  const otlp = demoPipeline('otlp');
  return [
    ...[logfire, direct].map((pipeline) =>
      histogramQuantile(0.95, sumBy(`rate(${pipelineSeries(pipeline, bytes, '_bucket')}[1m])`, ['le'])),
    ),
    ...[native, otlp].map((pipeline) => histogramQuantile(0.95, sumBy(`rate(${pipelineSeries(pipeline, bytes)}[1m])`))),
    ...HISTOGRAMS.map(
      (metric) =>
        `${sumBy(pipelineSeries(direct, metric.name, '_count'), ['job'])} or ${sumBy(pipelineSeries(logfire, metric.name, '_count'), ['job'])}`,
    ),
    `${sumBy(pipelineSeries(logfire, bytes, '_bucket', ['le="1e+06"']))} / ${sumBy(pipelineSeries(logfire, bytes, '_count'))}`,
  ];
}
