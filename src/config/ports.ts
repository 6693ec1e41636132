/**
 * Every port of the stack and of the apps it scrapes, one row each: the flags of `stack up` and
 * `start`, the Docker Compose environment, the collector's and Prometheus' native addresses, the
 * URLs and the README's port table all derive from it. Adding a port is adding a row.
 */

export interface PortRow {
  /** The field of `StackPorts`. */
  readonly key: string;
  /** The flag of `stack up` and `start` that sets it. */
  readonly flag: `--${string}`;
  /** The seed's port, or ours beside them. */
  readonly default: number;
  /** What listens there: the flag's help and the README's table. */
  readonly description: string;
  /** docker-compose.yml's variable for the published host port; absent when compose publishes none. */
  readonly composeVariable?: string;
  /** The collector config's variable for the address it listens on (configs/otel-collector). */
  readonly collectorVariable?: string;
  /** The Prometheus scrape job whose target is this port (configs/prometheus/prometheus.yml). */
  readonly scrapeJob?: string;
}

export const PORT_TABLE = [
  {
    key: 'otlpGrpc',
    flag: '--otlp-grpc-port',
    default: 4317,
    description: 'collector, OTLP/gRPC',
    composeVariable: 'HISTOGRAM_DEMO_OTLP_GRPC_PORT',
    collectorVariable: 'OTELCOL_OTLP_GRPC_ENDPOINT',
  },
  {
    key: 'otlpHttp',
    flag: '--otlp-http-port',
    default: 4318,
    description: 'collector, OTLP/HTTP (explicit-bucket histograms)',
    composeVariable: 'HISTOGRAM_DEMO_OTLP_HTTP_PORT',
    collectorVariable: 'OTELCOL_OTLP_HTTP_ENDPOINT',
  },
  {
    key: 'otlpExponentialHttp',
    flag: '--otlp-exponential-port',
    default: 4319,
    description: 'collector, OTLP/HTTP of the exponential pipeline',
    composeVariable: 'HISTOGRAM_DEMO_OTLP_EXPONENTIAL_PORT',
    collectorVariable: 'OTELCOL_OTLP_EXPONENTIAL_HTTP_ENDPOINT',
  },
  {
    key: 'collectorPrometheus',
    flag: '--collector-port',
    default: 8889,
    description: "collector's prometheus exporter (`logfire_*`)",
    composeVariable: 'HISTOGRAM_DEMO_COLLECTOR_PORT',
    collectorVariable: 'OTELCOL_PROMETHEUS_ENDPOINT',
    scrapeJob: 'otel-collector',
  },
  {
    key: 'collectorNativePrometheus',
    flag: '--collector-native-port',
    default: 8890,
    description: "collector's native-histogram exporter (`logfire_native_*`, protobuf)",
    composeVariable: 'HISTOGRAM_DEMO_COLLECTOR_NATIVE_PORT',
    collectorVariable: 'OTELCOL_PROMETHEUS_NATIVE_ENDPOINT',
    scrapeJob: 'otel-collector-native',
  },
  {
    key: 'collectorHealth',
    flag: '--health-port',
    default: 13133,
    description: 'collector health check',
    composeVariable: 'HISTOGRAM_DEMO_HEALTH_PORT',
    collectorVariable: 'OTELCOL_HEALTH_ENDPOINT',
  },
  {
    key: 'prometheus',
    flag: '--prometheus-port',
    default: 9090,
    description: 'Prometheus',
    composeVariable: 'HISTOGRAM_DEMO_PROMETHEUS_PORT',
    scrapeJob: 'prometheus',
  },
  {
    key: 'grafana',
    flag: '--grafana-port',
    default: 3000,
    description: 'Grafana, when one is installed',
    composeVariable: 'HISTOGRAM_DEMO_GRAFANA_PORT',
  },
  {
    key: 'dashboards',
    flag: '--dashboards-port',
    default: 3001,
    description:
      "the dashboards page (Perses), the native stack's `dashboards` component; `--no-dashboards` leaves it out",
  },
  {
    key: 'directApp',
    flag: '--app-port',
    default: 8001,
    description: 'the direct app, as Prometheus scrapes it (`run --port` must match)',
    scrapeJob: 'direct-app',
  },
  {
    key: 'thanosQuery',
    flag: '--thanos-query-port',
    default: 10902,
    description: "with `--thanos`: Thanos query's HTTP API (Prometheus-compatible)",
    composeVariable: 'HISTOGRAM_DEMO_THANOS_QUERY_PORT',
  },
  {
    key: 'thanosInternal',
    flag: '--thanos-internal-ports',
    default: 10910,
    description:
      "with `--thanos`: first of 13 consecutive ports: the query's gRPC, then gRPC, remote write, HTTP and Cap'n " +
      'Proto of each receiver',
  },
] as const satisfies readonly PortRow[];

export type PortKey = (typeof PORT_TABLE)[number]['key'];

/** Every port of the stack and of the apps it scrapes; each can be overridden. */
export type StackPorts = { readonly [K in PortKey]: number };

/** The defaults of the table, by key. */
export const DEFAULT_PORTS: StackPorts = Object.fromEntries(PORT_TABLE.map((row) => [row.key, row.default])) as {
  [K in PortKey]: number;
};
