/**
 * The pipeline registry: every way a histogram reaches the server, described once, as data. verify,
 * doctor, the dashboards, `start`, `health` and the README's queries read it. A pipeline says where
 * its series are (a template), never how they are represented: classic or native is detected from
 * what the server holds.
 */
import { COLLECTOR_NAMESPACE, COLLECTOR_NATIVE_NAMESPACE, SERVICE_NAME } from '../config/defaults.js';
import { isLegacyMetricName } from '../prometheus/names.js';
import { splitSelector } from '../prometheus/selectors.js';
import { PipelineTemplateError } from './PipelineTemplateError.js';

export interface Pipeline {
  /** Short name: tables, JSON, tags, `--pipeline NAME=...`. */
  readonly name: string;
  readonly title: string;
  /**
   * A series selector in which `$metric` stands for the base metric name: `logfire_$metric`,
   * `$metric{job="direct-app"}`. Suffixes (`_bucket`, `_sum`, `_count`) go after the expanded name.
   */
  readonly template: string;
  /** What the pipeline is, in a sentence or two (dashboards, `start`). */
  readonly summary?: string;
}

/** The demo's three pipelines: the built-in preset. */
export const DEMO_PIPELINES: readonly Pipeline[] = [
  {
    name: 'logfire',
    title: 'Logfire + OTel Collector (explicit buckets)',
    template: `${COLLECTOR_NAMESPACE}_$metric`,
    summary:
      'The Logfire app records with the OpenTelemetry SDK and exports OTLP to the OpenTelemetry Collector, ' +
      `whose Prometheus exporter Prometheus scrapes: every series is prefixed ${COLLECTOR_NAMESPACE}_.`,
  },
  {
    name: 'direct',
    title: 'Direct prom-client',
    template: '$metric{job="direct-app"}',
    summary:
      'The direct app records with prom-client and serves /metrics, which Prometheus scrapes: ' +
      'the series carry the metric names without prefix.',
  },
  {
    name: 'native',
    title: 'Logfire + OTel Collector (exponential -> native histogram)',
    template: `${COLLECTOR_NATIVE_NAMESPACE}_$metric`,
    summary:
      'The Logfire app run with --aggregation exponential (or both) exports OpenTelemetry exponential ' +
      "histograms to the OpenTelemetry Collector's second OTLP receiver, whose second Prometheus exporter " +
      'Prometheus scrapes over protobuf: they are stored as native histograms, every series prefixed ' +
      `${COLLECTOR_NATIVE_NAMESPACE}_.`,
  },
  {
    name: 'otlp',
    title: "Logfire -> Prometheus' OTLP receiver (no collector, native histograms)",
    // Prometheus names the job after service.name (the apps set no service.namespace): no prefix, the
    // direct app's names, told apart by job.
    template: `$metric{job="${SERVICE_NAME}"}`,
    summary:
      "The Logfire app's exponential histograms pushed straight to Prometheus' own OTLP receiver " +
      '(/api/v1/otlp/v1/metrics), with no collector: stored as native histograms under the base names, ' +
      `with job="${SERVICE_NAME}" (service.name) and instance from service.instance.id.`,
  },
];

/** A pipeline of the demo preset by name; a missing one is a programming error. */
export function demoPipeline(name: string): Pipeline {
  const pipeline = DEMO_PIPELINES.find((candidate) => candidate.name === name);
  if (!pipeline) throw new Error(`the demo preset has no pipeline "${name}"`);
  return pipeline;
}

/** The pipeline the others are compared with in the demo: prom-client records exactly what it is given. */
export const DEMO_REFERENCE_PIPELINE = 'direct';

/** A pipeline's series for one metric: the metric name and the label matchers (inside braces, may be empty). */
export interface SeriesSelector {
  readonly name: string;
  readonly matchers: string;
}

/** Expands a pipeline's template for one metric, with an optional suffix such as `_bucket`. */
export function seriesSelector(pipeline: Pipeline, metric: string, suffix = ''): SeriesSelector {
  const parts = splitSelector(pipeline.template);
  if (!parts?.name.includes('$metric')) {
    throw new PipelineTemplateError(pipeline.template, 'it needs $metric in the series name, e.g. app_$metric');
  }
  const name = `${parts.name.replaceAll('$metric', metric)}${suffix}`;
  if (!isLegacyMetricName(name)) {
    throw new PipelineTemplateError(pipeline.template, `it expands to "${name}", not a valid metric name`);
  }
  return { name, matchers: (parts.matchers ?? '').trim() };
}

/** Reads `NAME=TEMPLATE` (the `--pipeline` value); checks the template by expanding it once. */
export function parsePipeline(text: string): Pipeline {
  const equals = text.indexOf('=');
  const name = equals > 0 ? text.slice(0, equals).trim() : '';
  const template = equals > 0 ? text.slice(equals + 1).trim() : '';
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || template === '') {
    throw new PipelineTemplateError(text, 'expected NAME=TEMPLATE, e.g. logfire=logfire_$metric');
  }
  const pipeline: Pipeline = { name, title: name, template };
  seriesSelector(pipeline, 'metric');
  return pipeline;
}
