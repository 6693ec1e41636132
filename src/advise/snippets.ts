/**
 * Code to paste: the advised boundaries in the five places an application sets them.
 */
import { COLLECTOR_NAMESPACE, COLLECTOR_NATIVE_NAMESPACE } from '../config/defaults.js';

/**
 * The instrument name behind a Prometheus series name: without the collector's namespaces or the
 * `_bucket` suffix (the name an application gives its histogram).
 */
export function instrumentName(metric: string): string {
  let name = metric.replace(/_bucket$/, '');
  for (const namespace of [COLLECTOR_NATIVE_NAMESPACE, COLLECTOR_NAMESPACE]) {
    if (name.startsWith(`${namespace}_`)) {
      name = name.slice(namespace.length + 1);
      break;
    }
  }
  return name;
}

export interface Snippet {
  readonly title: string;
  readonly language: 'javascript' | 'python';
  readonly code: string;
}

/** Every snippet for one metric's boundaries. */
export function snippets(metric: string, boundaries: readonly number[]): Snippet[] {
  const name = instrumentName(metric);
  const list = `[${boundaries.join(', ')}]`;
  return [
    {
      title: 'prom-client',
      language: 'javascript',
      code: `new client.Histogram({ name: '${name}', help: '...', buckets: ${list} });`,
    },
    {
      title: 'OpenTelemetry JS, instrument advice',
      language: 'javascript',
      code: `meter.createHistogram('${name}', { advice: { explicitBucketBoundaries: ${list} } });`,
    },
    {
      title: 'OpenTelemetry JS, View (@opentelemetry/sdk-metrics 2.x)',
      language: 'javascript',
      code: [
        'new MeterProvider({ readers, views: [{',
        `  instrumentName: '${name}',`,
        `  aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: ${list} } },`,
        '}] });',
      ].join('\n'),
    },
    {
      title: 'OpenTelemetry Python, View',
      language: 'python',
      code: [
        'from opentelemetry.sdk.metrics.view import ExplicitBucketHistogramAggregation, View',
        `View(instrument_name="${name}", aggregation=ExplicitBucketHistogramAggregation(boundaries=${list}))`,
      ].join('\n'),
    },
    {
      title: 'Python prometheus_client',
      language: 'python',
      code: `Histogram("${name}", "...", buckets=${list})`,
    },
  ];
}
