import { expect } from 'vitest';
import {
  FILE_TYPE_LABEL,
  FILE_UPLOADS_TOTAL,
  type FileType,
  HISTOGRAMS,
  type HistogramDefinition,
} from '../../src/metrics/definitions.js';
import type { Upload } from '../../src/workload/uploads.js';
import { closeTo, countsByFileType, expectedByFileType, expectedHistogram, recordedValue } from './expected.js';
import {
  attribute,
  findMetric,
  type OtlpExponentialHistogramPoint,
  type OtlpMetric,
  type OtlpMetricsRequest,
  toNumber,
} from './otlpReceiver.js';

/** OTLP's cumulative temporality (AGGREGATION_TEMPORALITY_CUMULATIVE). */
const CUMULATIVE = 2;

function metricOf(request: OtlpMetricsRequest, name: string): OtlpMetric {
  const metric = findMetric(request, name);
  expect(metric, `export carries ${name}`).toBeDefined();
  return metric as OtlpMetric;
}

function expectOnlyFileTypeAttribute(points: readonly { attributes: readonly { key: string }[] }[]): void {
  for (const point of points) expect(point.attributes.map((entry) => entry.key)).toEqual([FILE_TYPE_LABEL]);
}

/**
 * The export's explicit-bucket histograms hold exactly the recorded uploads: per file_type
 * count, sum, min, max and per-bucket counts (OTLP bucketCounts are not cumulative).
 */
export function expectExplicitHistograms(
  request: OtlpMetricsRequest,
  uploads: readonly Upload[],
  boundsOf: (metric: HistogramDefinition) => readonly number[],
): void {
  for (const metric of HISTOGRAMS) {
    const otlp = metricOf(request, metric.name);
    expect(otlp.unit).toBe(metric.otelUnit);
    expect(otlp.exponentialHistogram).toBeUndefined();
    expect(otlp.histogram, `${metric.name} is an explicit-bucket histogram`).toBeDefined();
    const histogram = otlp.histogram as NonNullable<OtlpMetric['histogram']>;
    expect(histogram.aggregationTemporality).toBe(CUMULATIVE);
    expectOnlyFileTypeAttribute(histogram.dataPoints);

    const bounds = boundsOf(metric);
    const expected = expectedByFileType(uploads, metric, bounds);
    const pointTypes = histogram.dataPoints.map((point) => attribute(point, FILE_TYPE_LABEL));
    expect(pointTypes.slice().sort()).toEqual([...expected.keys()].sort());
    for (const point of histogram.dataPoints) {
      const fileType = attribute(point, FILE_TYPE_LABEL);
      const want = expected.get(fileType as FileType);
      if (!want) throw new Error(`unexpected file_type ${fileType}`);
      const where = `${metric.name}{file_type="${fileType}"}`;
      expect(point.explicitBounds, where).toEqual(bounds);
      expect(point.bucketCounts.map(toNumber), where).toEqual(want.bucketCounts);
      expect(toNumber(point.count), where).toBe(want.count);
      expect(closeTo(point.sum ?? Number.NaN, want.sum), `${where} sum ${point.sum} vs ${want.sum}`).toBe(true);
      expect(point.min, where).toBe(want.min);
      expect(point.max, where).toBe(want.max);
    }
  }
}

/** The index of the exponential bucket (base 2^(2^-scale)) holding a positive value: (lower, upper]. */
export function exponentialIndex(value: number, scale: number): number {
  const scaled = Math.log2(value) * 2 ** scale;
  return Number.isInteger(scaled) ? scaled - 1 : Math.floor(scaled);
}

function expectExponentialPoint(point: OtlpExponentialHistogramPoint, values: readonly number[], where: string): void {
  const want = expectedHistogram(values, []);
  expect(toNumber(point.count), where).toBe(want.count);
  expect(closeTo(point.sum ?? Number.NaN, want.sum), `${where} sum ${point.sum} vs ${want.sum}`).toBe(true);
  expect(point.min, where).toBe(want.min);
  expect(point.max, where).toBe(want.max);
  expect(toNumber(point.zeroCount), where).toBe(0);
  expect(point.negative?.bucketCounts ?? []).toEqual([]);
  const offset = point.positive?.offset ?? 0;
  const counts = (point.positive?.bucketCounts ?? []).map(toNumber);
  expect(
    counts.reduce((sum, count) => sum + count, 0),
    `${where}: positive buckets hold every value`,
  ).toBe(want.count);
  const recomputed = new Array<number>(counts.length).fill(0);
  for (const value of values) {
    const slot = exponentialIndex(value, point.scale) - offset;
    expect(slot, `${where}: ${value} falls inside the exported bucket range`).toBeGreaterThanOrEqual(0);
    expect(slot).toBeLessThan(counts.length);
    recomputed[slot] = (recomputed[slot] ?? 0) + 1;
  }
  expect(counts, `${where} buckets at scale ${point.scale}, offset ${offset}`).toEqual(recomputed);
}

/** The export's histograms are base-2 exponential and hold exactly the recorded uploads. */
export function expectExponentialHistograms(request: OtlpMetricsRequest, uploads: readonly Upload[]): void {
  for (const metric of HISTOGRAMS) {
    const otlp = metricOf(request, metric.name);
    expect(otlp.histogram, `${metric.name} is not an explicit-bucket histogram`).toBeUndefined();
    expect(otlp.exponentialHistogram, `${metric.name} is an exponential histogram`).toBeDefined();
    const histogram = otlp.exponentialHistogram as NonNullable<OtlpMetric['exponentialHistogram']>;
    expect(histogram.aggregationTemporality).toBe(CUMULATIVE);
    expectOnlyFileTypeAttribute(histogram.dataPoints);
    const types = new Set(uploads.map((upload) => upload.fileType));
    expect(histogram.dataPoints.map((point) => attribute(point, FILE_TYPE_LABEL)).sort()).toEqual([...types].sort());
    for (const point of histogram.dataPoints) {
      const fileType = attribute(point, FILE_TYPE_LABEL);
      const values = uploads
        .filter((upload) => upload.fileType === fileType)
        .map((upload) => recordedValue(metric, upload));
      expectExponentialPoint(point, values, `${metric.name}{file_type="${fileType}"}`);
    }
  }
}

/** The `file_uploads` counter: a monotonic cumulative sum per file_type equal to the uploads. */
export function expectUploadCounter(request: OtlpMetricsRequest, uploads: readonly Upload[]): void {
  const otlp = metricOf(request, FILE_UPLOADS_TOTAL.otelName);
  expect(otlp.unit).toBe(FILE_UPLOADS_TOTAL.otelUnit);
  expect(otlp.sum, 'file_uploads is a sum').toBeDefined();
  const sum = otlp.sum as NonNullable<OtlpMetric['sum']>;
  expect(sum.isMonotonic).toBe(true);
  expect(sum.aggregationTemporality).toBe(CUMULATIVE);
  expectOnlyFileTypeAttribute(sum.dataPoints);
  const actual = new Map(
    sum.dataPoints.map((point) => [attribute(point, FILE_TYPE_LABEL), point.asDouble ?? toNumber(point.asInt)]),
  );
  expect(actual).toEqual(countsByFileType(uploads));
}
