import { type Counter, type Histogram, metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import {
  AggregationTemporality,
  AggregationType,
  InstrumentType,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import * as logfire from '@pydantic/logfire-node';
import { SERVICE_NAME } from '../../config/defaults.js';
import {
  type BucketLayout,
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

export const AGGREGATIONS = ['explicit', 'exponential'] as const;
export type HistogramAggregation = (typeof AGGREGATIONS)[number];

export interface LogfireRecorderOptions {
  /** Full OTLP/HTTP metrics URL, `/v1/metrics` included. */
  readonly metricsUrl: URL;
  readonly exportIntervalMs: number;
  readonly layout: BucketLayout;
  /**
   * `explicit`: classic buckets from the metric definition. `exponential`: base-2
   * exponential buckets, as the Python Logfire SDK exports by default.
   */
  readonly aggregation: HistogramAggregation;
  readonly log: (line: string) => void;
}

/**
 * The seed's `main.py`: Pydantic Logfire configured with `sendToLogfire: false`.
 *
 * With `sendToLogfire: false` the SDK's own metric reader has a no-op exporter and never
 * reads `OTEL_EXPORTER_OTLP_ENDPOINT`, so a literal port exports nothing; the reader given
 * in `metrics.additionalReaders` is what really delivers the metrics.
 */
export class LogfireRecorder implements UploadRecorder {
  readonly name = 'logfire';
  readonly destination: string;
  private readonly bytes: Histogram;
  private readonly seconds: Histogram;
  private readonly uploads: Counter;
  private readonly reader: PeriodicExportingMetricReader;
  readonly exporter: ReportingExporter;
  private readonly metricsUrl: string;
  private readonly log: (line: string) => void;

  constructor(options: LogfireRecorderOptions) {
    const histogramAggregation =
      options.aggregation === 'exponential'
        ? { type: AggregationType.EXPONENTIAL_HISTOGRAM as const }
        : { type: AggregationType.DEFAULT as const };
    const otlp = new OTLPMetricExporter({
      url: options.metricsUrl.href,
      // Cumulative (the OTel default) lets an export after an outage carry everything; the
      // collector's prometheus exporter wants cumulative anyway.
      temporalityPreference: AggregationTemporality.CUMULATIVE,
      aggregationPreference: (instrumentType) =>
        instrumentType === InstrumentType.HISTOGRAM ? histogramAggregation : { type: AggregationType.DEFAULT },
    });
    this.metricsUrl = options.metricsUrl.href;
    this.log = options.log;
    this.exporter = new ReportingExporter(otlp, options.metricsUrl.href, options.log);
    this.reader = new PeriodicExportingMetricReader({
      exporter: this.exporter,
      exportIntervalMillis: options.exportIntervalMs,
      exportTimeoutMillis: Math.min(options.exportIntervalMs, 10_000),
    });
    logfire.configure({
      sendToLogfire: false,
      serviceName: SERVICE_NAME,
      console: false,
      metrics: { additionalReaders: [this.reader] },
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
    this.destination = `Logfire app: OTLP/HTTP to ${options.metricsUrl.href} every ${every}s (${options.aggregation} histograms)`;
  }

  record(upload: Upload): void {
    const attributes = { file_type: upload.fileType };
    this.bytes.record(upload.bytes, attributes);
    this.seconds.record(upload.seconds, attributes);
    this.uploads.add(1, attributes);
  }

  async flush(): Promise<void> {
    await this.reader.forceFlush();
  }

  async shutdown(): Promise<void> {
    // logfire.shutdown() flushes every reader (ours included) before shutting the SDK down,
    // and returns the same promise when its own SIGTERM hook already started it.
    try {
      await logfire.shutdown({ timeoutMillis: SHUTDOWN_TIMEOUT_MS });
    } catch (error) {
      this.log(
        `Logfire app: the final export to ${this.metricsUrl} failed (${(error as Error).message}); uploads recorded since the last delivered export did not reach the collector`,
      );
    }
  }
}
