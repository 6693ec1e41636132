import { describe, expect, it } from 'vitest';
import { PipelineTemplateError } from '../../src/pipelines/PipelineTemplateError.js';
import { DEMO_PIPELINES, parsePipeline, seriesSelector } from '../../src/pipelines/registry.js';
import { pipelineSeries } from '../../src/promql/expressions.js';

describe('pipeline registry', () => {
  it('expands $metric in the name and keeps the matchers apart', () => {
    const pipeline = parsePipeline('direct=$metric{job="direct-app"}');
    expect(seriesSelector(pipeline, 'uploaded_file_bytes', '_bucket')).toEqual({
      name: 'uploaded_file_bytes_bucket',
      matchers: 'job="direct-app"',
    });
    expect(pipelineSeries(pipeline, 'x', '_count', ['file_type="small"'])).toBe(
      'x_count{job="direct-app",file_type="small"}',
    );
    expect(pipelineSeries(parsePipeline('p=app_$metric'), 'x')).toBe('app_x');
  });

  it('holds the demo preset under the seed names', () => {
    const names = DEMO_PIPELINES.map((pipeline) => pipelineSeries(pipeline, 'm'));
    // otlp: Prometheus' OTLP receiver names the job after service.name, and adds no prefix.
    expect(names).toEqual(['logfire_m', 'm{job="direct-app"}', 'logfire_native_m', 'm{job="histogram-demo"}']);
  });

  it.each([
    ['no equals sign', 'logfire_$metric'],
    ['no $metric', 'p=logfire_requests'],
    ['an invalid name', 'p=9$metric'],
    ['an empty template', 'p='],
  ])('refuses %s', (_, text) => {
    expect(() => parsePipeline(text)).toThrow(PipelineTemplateError);
  });
});
