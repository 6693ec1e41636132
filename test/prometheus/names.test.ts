import { describe, expect, it } from 'vitest';
import { isLegacyMetricName, metricSelector, promqlString } from '../../src/prometheus/names.js';

describe('metric names', () => {
  it.each([
    ['http_request_duration_seconds', true],
    ['job:rate5m', true],
    ['_private', true],
    ['9lives', false],
    ['http.server.duration', false],
    ['', false],
  ])('%j is a legacy metric name: %s', (name, legacy) => {
    expect(isLegacyMetricName(name)).toBe(legacy);
  });
});

describe('metricSelector', () => {
  it('writes a legacy name bare, with its matchers in braces', () => {
    expect(metricSelector('m_bucket')).toBe('m_bucket');
    expect(metricSelector('m_bucket', ['', 'job="api"', 'le="1.0"'])).toBe('m_bucket{job="api",le="1.0"}');
  });

  it('quotes a UTF-8 name inside the braces, as Prometheus 3 reads it', () => {
    expect(metricSelector('http.server.duration_seconds_bucket')).toBe('{"http.server.duration_seconds_bucket"}');
    expect(metricSelector('a"b\\c', ['job="api"'])).toBe('{"a\\"b\\\\c",job="api"}');
  });
});

describe('promqlString', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(promqlString('say "hi"\\\n\u001b')).toBe('"say \\"hi\\"\\\\\\n\\u001b"');
  });
});
