import { describe, expect, it } from 'vitest';
import { parseAdviceFile } from '../../src/advise/adviceFile.js';
import { instrumentName, snippets } from '../../src/advise/snippets.js';

describe('parseAdviceFile (run --buckets FILE.json)', () => {
  it('reads boundaries per metric from what advise --json writes', () => {
    const text = JSON.stringify({ metrics: [{ metric: 'm_seconds', boundaries: [0.1, 0.5], predicted: {} }] });
    expect(parseAdviceFile(text, 'a.json')).toEqual(new Map([['m_seconds', [0.1, 0.5]]]));
  });

  it.each([
    ['not json', /a.json: not JSON/],
    ['{}', /a.json: expected \{"metrics"/],
    [
      '{"metrics": [{"metric": "m", "boundaries": [2, 1]}]}',
      /metrics\[0\] needs a "metric" name and increasing finite/,
    ],
    ['{"metrics": [{"metric": "m", "boundaries": []}]}', /metrics\[0\]/],
    ['{"metrics": [{"boundaries": [1]}]}', /metrics\[0\]/],
  ])('refuses %s', (text, message) => {
    expect(() => parseAdviceFile(text, 'a.json')).toThrow(message);
  });
});

describe('snippets', () => {
  it('name the instrument without the collector namespaces or _bucket', () => {
    expect(instrumentName('logfire_native_http_request_duration_seconds')).toBe('http_request_duration_seconds');
    expect(instrumentName('logfire_uploaded_file_bytes_bucket')).toBe('uploaded_file_bytes');
    expect(instrumentName('api_latency_seconds')).toBe('api_latency_seconds');
  });

  it('give the boundaries in each library’s own spelling', () => {
    const code = snippets('logfire_api_seconds', [0.1, 0.25]).map((snippet) => snippet.code);
    expect(code).toEqual([
      "new client.Histogram({ name: 'api_seconds', help: '...', buckets: [0.1, 0.25] });",
      "meter.createHistogram('api_seconds', { advice: { explicitBucketBoundaries: [0.1, 0.25] } });",
      [
        'new MeterProvider({ readers, views: [{',
        "  instrumentName: 'api_seconds',",
        '  aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0.1, 0.25] } },',
        '}] });',
      ].join('\n'),
      [
        'from opentelemetry.sdk.metrics.view import ExplicitBucketHistogramAggregation, View',
        'View(instrument_name="api_seconds", aggregation=ExplicitBucketHistogramAggregation(boundaries=[0.1, 0.25]))',
      ].join('\n'),
      'Histogram("api_seconds", "...", buckets=[0.1, 0.25])',
    ]);
  });
});
