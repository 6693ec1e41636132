/**
 * The CLI inherits the test runner's environment: blank out every variable that would change
 * where or how often the Logfire app exports, so each test says exactly what it sets.
 */
export const QUIET_OTEL_ENV: NodeJS.ProcessEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: '',
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: '',
  OTEL_METRIC_EXPORT_INTERVAL: '',
  HISTOGRAM_DEMO_DEBUG: '',
};
