import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/**
 * Wraps the OTLP exporter to tell the user, once, when the endpoint stops answering and
 * when it answers again. Nothing is lost meanwhile: temporality is cumulative, so the next
 * successful export carries every upload recorded during the outage.
 */
export class ReportingExporter implements PushMetricExporter {
  private failing = false;
  private succeeded = 0;

  constructor(
    private readonly inner: PushMetricExporter,
    private readonly endpoint: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Number of successful exports so far (tests and shutdown messages use it). */
  get successfulExports(): number {
    return this.succeeded;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.succeeded += 1;
        if (this.failing) this.log(`Logfire app: OTLP endpoint ${this.endpoint} answers again; metrics delivered`);
        this.failing = false;
      } else if (!this.failing) {
        this.failing = true;
        const reason = result.error?.message ?? 'unknown error';
        this.log(
          `Logfire app: cannot deliver metrics to ${this.endpoint} (${reason}); still recording, will deliver when it answers`,
        );
      }
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    if (!this.inner.selectAggregationTemporality) throw new Error('inner exporter selects no temporality');
    return this.inner.selectAggregationTemporality(instrumentType);
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    if (!this.inner.selectAggregation) throw new Error('inner exporter selects no aggregation');
    return this.inner.selectAggregation(instrumentType);
  }
}
