import { UsageError } from '../errors/UsageError.js';
import { DEFAULT_EXPORT_INTERVAL_MS, DEFAULT_OTLP_ENDPOINT, DEFAULT_OTLP_EXPONENTIAL_ENDPOINT } from './defaults.js';

/** Parses a URL given by a user, naming the source of the bad value. */
export function parseHttpUrl(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must be an http(s) URL, got "${value}"`);
  }
  return url;
}

/**
 * The OTLP/HTTP metrics URL, resolved like the OpenTelemetry exporters do:
 * `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT` is used as is, `OTEL_EXPORTER_OTLP_ENDPOINT`
 * gets `/v1/metrics` appended.
 */
export function resolveOtlpMetricsUrl(env: NodeJS.ProcessEnv, override?: string): URL {
  if (override !== undefined) return withMetricsPath(parseHttpUrl(override, '--otlp-endpoint'));
  const signal = env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT;
  if (signal) return parseHttpUrl(signal, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (base) return withMetricsPath(parseHttpUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT'));
  return withMetricsPath(new URL(DEFAULT_OTLP_ENDPOINT));
}

/** The exponential pipeline's OTLP/HTTP metrics URL: the flag, else the collector's second receiver. */
export function resolveExponentialMetricsUrl(override?: string): URL {
  return withMetricsPath(
    override ? parseHttpUrl(override, '--otlp-exponential-endpoint') : new URL(DEFAULT_OTLP_EXPONENTIAL_ENDPOINT),
  );
}

/** An OTLP/HTTP base URL with the metrics path appended, as the exporters do with `OTEL_EXPORTER_OTLP_ENDPOINT`. */
export function withMetricsPath(base: URL): URL {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/v1/metrics`;
  return url;
}

/** `OTEL_METRIC_EXPORT_INTERVAL` (milliseconds), which the Logfire SDK's own reader ignores. */
export function resolveExportIntervalMs(env: NodeJS.ProcessEnv): number {
  const raw = env.OTEL_METRIC_EXPORT_INTERVAL;
  if (raw === undefined || raw.trim() === '') return DEFAULT_EXPORT_INTERVAL_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new UsageError(`OTEL_METRIC_EXPORT_INTERVAL must be a positive integer of milliseconds, got "${raw}"`);
  }
  return value;
}
