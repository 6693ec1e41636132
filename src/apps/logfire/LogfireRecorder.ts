import { type Counter, type Histogram, metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import {
  type AggregationOption,
  AggregationTemporality,
  AggregationType,
  InstrumentType,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import * as logfire from '@pydantic/logfire-node';
import { SERVICE_NAME } from '../../config/defaults.js';
import {
  type BucketChoice,
  boundariesFor,
  FILE_UPLOADS_TOTAL,
  type HistogramDefinition,
  HTTP_REQUEST_DURATION_SECONDS,
  UPLOADED_FILE_BYTES,
} from '../../metrics/definitions.js';
import type { Upload } from '../../workload/uploads.js';
import type { UploadRecorder } from '../UploadRecorder.js';
import { ReportingExporter } from './ReportingExporter.js';

/** Bounded, so that Ctrl-C with the collector down still ends promptly. */
const SHUTDOWN_TIMEOUT_MS = 5_000;
const EXPORT_TIMEOUT_MS = 5_000;

/**
 * - `explicit`: classic buckets from the metric definition, to the collector's OTLP receiver.
 * - `exponential`: base-2 exponential buckets (what the Python Logfire SDK exports by
 *   default), to the collector's receiver of the native-histogram pipeline.
 * - `both`: one app, one set of instruments, two readers: both pipelines from the same uploads.
 */
export const AGGREGATIONS = ['explicit', 'exponential', 'both'] as const;
export type HistogramAggregation = (typeof AGGREGATIONS)[number];

export interface LogfireRecorderOptions {
  /** Full OTLP/HTTP metrics URL of the explicit-bucket export, `/v1/metrics` included. */
  readonly metricsUrl: URL;
  /** Full OTLP/HTTP metrics URL of the exponential export. */
  readonly exponentialMetricsUrl: URL;
  /**
   * Prometheus' own OTLP receiver (`/api/v1/otlp/v1/metrics`): when set, exponential histograms are
   * also sent there, with no collector between (the otlp pipeline), whatever `aggregation` says.
   * @example new URL('http://localhost:9090/api/v1/otlp/v1/metrics')
   */
  readonly prometheusOtlpMetricsUrl?: URL | undefined;
  readonly exportIntervalMs: number;
  readonly layout: BucketChoice;
  readonly aggregation: HistogramAggregation;
  /**
   * `service.instance.id`, which the collector turns into the series' `instance` label.
   * Stable across restarts (like a scrape target's host:port), so a restarted app continues
   * its series with a counter reset instead of leaving the old totals beside new ones.
   * @example 'histogram-demo@build-host'
   */
  readonly instanceId: string;
  readonly log: (line: string) => void;
}

interface Export {
  readonly kind: 'explicit' | 'exponential';
  readonly url: string;
  readonly exporter: ReportingExporter;
  readonly reader: PeriodicExportingMetricReader;
}

function createExport(kind: Export['kind'], url: URL, options: LogfireRecorderOptions): Export {
  const histogram: AggregationOption =
    kind === 'exponential' ? { type: AggregationType.EXPONENTIAL_HISTOGRAM } : { type: AggregationType.DEFAULT };
  const otlp = new OTLPMetricExporter({
    url: url.href,
    // Below the exporter's default 10 s (retries included), so that Ctrl-C with the collector
    // down ends sooner. Not below 5 s: with a timeout near a short export interval, exports
    // were seen to stop for good after an outage (OTEL_METRIC_EXPORT_INTERVAL=500, 0.223.0).
    timeoutMillis: EXPORT_TIMEOUT_MS,
    // Cumulative (the OTel default): an export after an outage carries everything recorded
    // meanwhile, and the collector's prometheus exporter expects cumulative points.
    temporalityPreference: AggregationTemporality.CUMULATIVE,
    aggregationPreference: (instrumentType) =>
      instrumentType === InstrumentType.HISTOGRAM ? histogram : { type: AggregationType.DEFAULT },
  });
  const exporter = new ReportingExporter(otlp, url.href, options.log);
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: options.exportIntervalMs,
    exportTimeoutMillis: Math.min(options.exportIntervalMs, EXPORT_TIMEOUT_MS),
  });
  return { kind, url: url.href, exporter, reader };
}

/**
 * The seed's `main.py`: Pydantic Logfire configured with `sendToLogfire: false`.
 *
 * With `sendToLogfire: false` the SDK's own metric reader has a no-op exporter and never
 * reads `OTEL_EXPORTER_OTLP_ENDPOINT`, so a literal port exports nothing; the readers given
 * in `metrics.additionalReaders` are what really deliver the metrics.
 */
export class LogfireRecorder implements UploadRecorder {
  readonly name = 'logfire';
  readonly destination: string;
  private readonly bytes: Histogram;
  private readonly seconds: Histogram;
  private readonly uploads: Counter;
  private exports: readonly Export[];
  private readonly log: (line: string) => void;

  constructor(options: LogfireRecorderOptions) {
    this.log = options.log;
    const kinds: Export['kind'][] =
      options.aggregation === 'both' ? ['explicit', 'exponential'] : [options.aggregation];
    this.exports = kinds.map((kind) =>
      createExport(kind, kind === 'explicit' ? options.metricsUrl : options.exponentialMetricsUrl, options),
    );
    if (options.prometheusOtlpMetricsUrl) {
      this.exports = [...this.exports, createExport('exponential', options.prometheusOtlpMetricsUrl, options)];
    }
    logfire.configure({
      sendToLogfire: false,
      serviceName: SERVICE_NAME,
      console: false,
      // Overrides the SDK's random per-process id (configure() merges these over it).
      resourceAttributes: { 'service.instance.id': options.instanceId },
      metrics: { additionalReaders: this.exports.map((entry) => entry.reader) },
    });
    // After configure(): the API has no proxy meter, instruments made earlier stay no-ops.
    const meter = metrics.getMeter(SERVICE_NAME);
    const histogram = (metric: HistogramDefinition) => {
      const boundaries = boundariesFor(metric, options.layout);
      return meter.createHistogram(metric.name, {
        description: metric.description,
        unit: metric.otelUnit,
        ...(boundaries ? { advice: { explicitBucketBoundaries: [...boundaries] } } : {}),
      });
    };
    this.bytes = histogram(UPLOADED_FILE_BYTES);
    this.seconds = histogram(HTTP_REQUEST_DURATION_SECONDS);
    this.uploads = meter.createCounter(FILE_UPLOADS_TOTAL.otelName, {
      description: FILE_UPLOADS_TOTAL.description,
      unit: FILE_UPLOADS_TOTAL.otelUnit,
    });
    const every = options.exportIntervalMs / 1000;
    this.destination = this.exports
      .map((entry) => `Logfire app: OTLP/HTTP to ${entry.url} every ${every}s (${entry.kind} histograms)`)
      .join('\n');
  }

  record(upload: Upload): void {
    const attributes = { file_type: upload.fileType };
    this.bytes.record(upload.bytes, attributes);
    this.seconds.record(upload.seconds, attributes);
    this.uploads.add(1, attributes);
  }

  async flush(): Promise<void> {
    await Promise.all(this.exports.map((entry) => entry.reader.forceFlush({ timeoutMillis: SHUTDOWN_TIMEOUT_MS })));
  }

  async shutdown(): Promise<void> {
    // logfire.shutdown() flushes every reader (ours included) before shutting the SDK down,
    // and returns the same promise when its own SIGTERM hook already started it.
    try {
      await logfire.shutdown({ timeoutMillis: SHUTDOWN_TIMEOUT_MS });
    } catch (error) {
      this.log(
        `Logfire app: the final export to ${this.exports.map((entry) => entry.url).join(' and ')} failed (${(error as Error).message}); uploads recorded since the last delivered export did not reach the collector`,
      );
    }
  }
}
