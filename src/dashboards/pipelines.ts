/**
 * The pipelines that get a dashboard. Each is one configuration of the same generator: the
 * panels and their layout are shared, the queries (queries.ts) follow the pipeline's
 * namespace and the way its histograms arrive in Prometheus.
 */
import { COLLECTOR_NAMESPACE, COLLECTOR_NATIVE_NAMESPACE } from '../config/defaults.js';

/**
 * How a pipeline's histograms arrive in Prometheus.
 * - `classic`: explicit buckets, stored as `_bucket` series with an `le` label plus `_sum` and `_count`.
 * - `native`: one series per histogram whose every sample holds count, sum and exponential buckets.
 */
export type HistogramKind = 'classic' | 'native';

export type PipelineKey = 'logfire' | 'direct' | 'native';

export interface DashboardPipeline {
  /** Short name, used in tags and by `dashboards queries`. */
  readonly key: PipelineKey;
  readonly title: string;
  /** Grafana dashboard uid: stable, so links and re-imports keep working. Also the file name. */
  readonly uid: string;
  /** Prometheus namespace prefixed to every series of the pipeline, if any. */
  readonly namespace: string | undefined;
  /** What the pipeline is, for the dashboard description. */
  readonly summary: string;
  readonly histograms: HistogramKind;
}

export const LOGFIRE_PIPELINE: DashboardPipeline = {
  key: 'logfire',
  title: 'Histogram Demo (Logfire + OTel)',
  uid: 'histogram-demo-logfire',
  namespace: COLLECTOR_NAMESPACE,
  summary:
    'The Logfire app records with the OpenTelemetry SDK and exports OTLP to the OpenTelemetry Collector, ' +
    `whose Prometheus exporter Prometheus scrapes: every series is prefixed ${COLLECTOR_NAMESPACE}_.`,
  histograms: 'classic',
};

export const DIRECT_PIPELINE: DashboardPipeline = {
  key: 'direct',
  title: 'Histogram Demo (Direct Prometheus)',
  uid: 'histogram-demo-direct',
  namespace: undefined,
  summary:
    'The direct app records with prom-client and serves /metrics, which Prometheus scrapes: ' +
    'the series carry the metric names without prefix.',
  histograms: 'classic',
};

export const NATIVE_PIPELINE: DashboardPipeline = {
  key: 'native',
  title: 'Histogram Demo (Logfire + OTel, native histograms)',
  uid: 'histogram-demo-native',
  namespace: COLLECTOR_NATIVE_NAMESPACE,
  summary:
    'The Logfire app run with --aggregation exponential (or both) records OpenTelemetry exponential ' +
    "histograms and exports them to the OpenTelemetry Collector's second OTLP receiver, whose second " +
    'Prometheus exporter Prometheus scrapes over protobuf: the histograms are stored as native histograms, ' +
    'one series per histogram whose every sample holds count, sum and exponential buckets, and every series ' +
    `is prefixed ${COLLECTOR_NATIVE_NAMESPACE}_.`,
  histograms: 'native',
};

export const DASHBOARD_PIPELINES: readonly DashboardPipeline[] = [LOGFIRE_PIPELINE, DIRECT_PIPELINE, NATIVE_PIPELINE];

/** The committed file of a pipeline's dashboard, relative to the dashboards folder. */
export function dashboardFileName(pipeline: DashboardPipeline): string {
  return `${pipeline.uid}.json`;
}
