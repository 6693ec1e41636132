/** Addresses, namespaces and intervals of the seed's architecture; the ports are in ports.ts. */
import { DEFAULT_PORTS } from './ports.js';

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
