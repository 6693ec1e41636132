/**
 * Ports and addresses of the seed's architecture. Every one can be overridden
 * (flags or environment), so tests run the same code on free ports.
 */
export const DEFAULT_PORTS = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  /** The collector's OTLP/HTTP receiver for the exponential (native histogram) pipeline. */
  otlpExponentialHttp: 4319,
  collectorPrometheus: 8889,
  /** The collector's prometheus exporter of the exponential pipeline (logfire_native_*). */
  collectorNativePrometheus: 8890,
  collectorHealth: 13133,
  prometheus: 9090,
  grafana: 3000,
  /** The Perses dashboards page (`dashboards serve`, the stack's `dashboards` component). */
  dashboards: 3001,
  directApp: 8001,
  /** Thanos query's HTTP API (Prometheus-compatible), with `stack up --thanos`; Thanos' own default. */
  thanosQuery: 10902,
  /**
   * First of the 13 loopback ports the Thanos cluster listens on besides its query API: the
   * query's gRPC, then gRPC, remote-write, HTTP and Cap'n Proto of each of the three receivers.
   */
  thanosInternal: 10910,
} as const;

/** Loopback only: the demo must never expose metrics to the network by default. */
export const DEFAULT_HOST = '127.0.0.1';

/** Where the Logfire app sends OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is unset. */
export const DEFAULT_OTLP_ENDPOINT = `http://localhost:${DEFAULT_PORTS.otlpHttp}`;

/** Where `--aggregation exponential|both` sends exponential histograms: the collector's second receiver. */
export const DEFAULT_OTLP_EXPONENTIAL_ENDPOINT = `http://localhost:${DEFAULT_PORTS.otlpExponentialHttp}`;

/**
 * The Logfire SDK's own reader exports every 60 s, too slow for a demo scraped every 5 s;
 * our reader uses this unless `OTEL_METRIC_EXPORT_INTERVAL` says otherwise.
 */
export const DEFAULT_EXPORT_INTERVAL_MS = 5000;

/** The metric namespace that the collector's prometheus exporter prefixes (configs/otel-collector). */
export const COLLECTOR_NAMESPACE = 'logfire';

/** The namespace of the collector's second prometheus exporter: the native-histogram pipeline. */
export const COLLECTOR_NATIVE_NAMESPACE = 'logfire_native';

export const SERVICE_NAME = 'histogram-demo';
