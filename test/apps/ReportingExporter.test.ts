import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  AggregationType,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { ReportingExporter } from '../../src/apps/logfire/ReportingExporter.js';

const ENDPOINT = 'http://127.0.0.1:4318/v1/metrics';

/** An inner exporter that answers each export with the next scripted result. */
class ScriptedExporter implements PushMetricExporter {
  readonly exported: ResourceMetrics[] = [];
  flushed = 0;
  shutDown = 0;

  constructor(private readonly script: ExportResult[]) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.exported.push(metrics);
    const result = this.script.shift();
    if (!result) throw new Error('export called more often than scripted');
    resultCallback(result);
  }

  async forceFlush(): Promise<void> {
    this.flushed += 1;
  }

  async shutdown(): Promise<void> {
    this.shutDown += 1;
  }

  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  selectAggregation(instrumentType: InstrumentType) {
    return instrumentType === InstrumentType.HISTOGRAM
      ? { type: AggregationType.EXPONENTIAL_HISTOGRAM as const }
      : { type: AggregationType.DEFAULT as const };
  }
}

const ok: ExportResult = { code: ExportResultCode.SUCCESS };
const refused: ExportResult = { code: ExportResultCode.FAILED, error: new Error('connect ECONNREFUSED') };
const metrics = { resource: {}, scopeMetrics: [] } as unknown as ResourceMetrics;

function exportAll(exporter: ReportingExporter, times: number): ExportResult[] {
  const results: ExportResult[] = [];
  for (let i = 0; i < times; i += 1) exporter.export(metrics, (result) => results.push(result));
  return results;
}

describe('ReportingExporter', () => {
  it('says nothing while every export succeeds, and counts them', () => {
    const lines: string[] = [];
    const exporter = new ReportingExporter(new ScriptedExporter([ok, ok, ok]), ENDPOINT, (line) => lines.push(line));
    expect(exportAll(exporter, 3)).toEqual([ok, ok, ok]);
    expect(lines).toEqual([]);
    expect(exporter.successfulExports).toBe(3);
  });

  it('reports an outage once, with the endpoint and the reason, and its end once', () => {
    const lines: string[] = [];
    const inner = new ScriptedExporter([ok, refused, refused, refused, ok, ok]);
    const exporter = new ReportingExporter(inner, ENDPOINT, (line) => lines.push(line));
    const results = exportAll(exporter, 6);
    // The wrapper passes every result and every batch through unchanged.
    expect(results).toEqual([ok, refused, refused, refused, ok, ok]);
    expect(inner.exported).toHaveLength(6);
    expect(lines).toEqual([
      `Logfire app: cannot deliver metrics to ${ENDPOINT} (connect ECONNREFUSED); still recording, will deliver when it answers`,
      `Logfire app: OTLP endpoint ${ENDPOINT} answers again; metrics delivered`,
    ]);
    expect(exporter.successfulExports).toBe(3);
  });

  it('reports a second outage again after the endpoint came back', () => {
    const lines: string[] = [];
    const exporter = new ReportingExporter(new ScriptedExporter([refused, ok, refused, ok]), ENDPOINT, (line) =>
      lines.push(line),
    );
    exportAll(exporter, 4);
    expect(lines.map((line) => (line.includes('cannot deliver') ? 'down' : 'up'))).toEqual([
      'down',
      'up',
      'down',
      'up',
    ]);
  });

  it('names an unknown error when a failure carries none', () => {
    const lines: string[] = [];
    const exporter = new ReportingExporter(
      new ScriptedExporter([{ code: ExportResultCode.FAILED }]),
      ENDPOINT,
      (line) => lines.push(line),
    );
    exportAll(exporter, 1);
    expect(lines).toEqual([expect.stringContaining('(unknown error)')]);
  });

  it('delegates flush, shutdown and the temporality and aggregation choices to the OTLP exporter', async () => {
    const inner = new ScriptedExporter([]);
    const exporter = new ReportingExporter(inner, ENDPOINT, () => undefined);
    await exporter.forceFlush();
    await exporter.shutdown();
    expect(inner.flushed).toBe(1);
    expect(inner.shutDown).toBe(1);
    expect(exporter.selectAggregationTemporality(InstrumentType.COUNTER)).toBe(AggregationTemporality.CUMULATIVE);
    expect(exporter.selectAggregation(InstrumentType.HISTOGRAM)).toEqual({
      type: AggregationType.EXPONENTIAL_HISTOGRAM,
    });
    expect(exporter.selectAggregation(InstrumentType.COUNTER)).toEqual({ type: AggregationType.DEFAULT });
  });
});
