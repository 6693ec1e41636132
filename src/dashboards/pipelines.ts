/**
 * The pipelines that get a dashboard. Each is one configuration of the same generator: a
 * third one (e.g. native histograms) is another entry here, plus its query shapes in
 * queries.ts if they differ.
 */
import { COLLECTOR_NAMESPACE } from '../config/defaults.js';

export interface DashboardPipeline {
  /** Short name, used in file names and by `dashboards queries`. */
  readonly key: string;
  readonly title: string;
  /** Grafana dashboard uid: stable, so links and re-imports keep working. */
  readonly uid: string;
  /** Prometheus namespace prefixed to every series of the pipeline, if any. */
  readonly namespace: string | undefined;
  /** What the pipeline is, for the dashboard description. */
  readonly summary: string;
  /**
   * How histograms arrive in Prometheus. Both pipelines today send classic (explicit bucket)
   * histograms: `_bucket` series with an `le` label. A native-histogram pipeline would add
   * `'native'` and the matching query shapes.
   */
  readonly histograms: 'classic';
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

export const DASHBOARD_PIPELINES: readonly DashboardPipeline[] = [LOGFIRE_PIPELINE, DIRECT_PIPELINE];

/** The committed file of a pipeline's dashboard, relative to the dashboards folder. */
export function dashboardFileName(pipeline: DashboardPipeline): string {
  return `${pipeline.uid}.json`;
}
