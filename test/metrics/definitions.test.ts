import { describe, expect, it } from 'vitest';
import {
  BUCKET_LAYOUTS,
  boundariesFor,
  FILE_TYPE_LABEL,
  FILE_TYPES,
  FILE_UPLOADS_TOTAL,
  HISTOGRAMS,
  HTTP_REQUEST_DURATION_SECONDS,
  OTEL_DEFAULT_BOUNDARIES,
  prometheusName,
  UPLOADED_FILE_BYTES,
} from '../../src/metrics/definitions.js';

function strictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, index) => index === 0 || value > (values[index - 1] as number));
}

describe('the metric definitions', () => {
  it('keeps the seed’s size boundaries exactly: 100 KB, 500 KB, 1, 5, 10, 50 and 100 MB', () => {
    expect(UPLOADED_FILE_BYTES.boundaries.seed).toEqual([1e5, 5e5, 1e6, 5e6, 1e7, 5e7, 1e8]);
  });

  it('keeps the seed’s duration boundaries exactly: 0.1, 0.25, 0.5, 1, 2.5, 5 and 10 s', () => {
    expect(HTTP_REQUEST_DURATION_SECONDS.boundaries.seed).toEqual([0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  });

  it('makes the fine layouts strictly increasing 1-2-5 series that span the seed layouts', () => {
    for (const metric of HISTOGRAMS) {
      const fine = metric.boundaries.fine;
      const seed = metric.boundaries.seed;
      expect(strictlyIncreasing(fine), `${metric.name} fine: ${fine.join(', ')}`).toBe(true);
      expect(fine.length).toBeGreaterThan(seed.length);
      expect(fine[0]).toBeLessThanOrEqual(seed[0] as number);
      expect(fine.at(-1)).toBeGreaterThanOrEqual(seed.at(-1) as number);
      for (const bound of fine) {
        const mantissa = Number((bound / 10 ** Math.floor(Math.log10(bound) + 1e-9)).toPrecision(6));
        expect([1, 2, 5], `${metric.name}: ${bound}`).toContain(mantissa);
      }
    }
    expect(HTTP_REQUEST_DURATION_SECONDS.boundaries.fine).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20]);
    expect(UPLOADED_FILE_BYTES.boundaries.fine).toEqual([
      1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8,
    ]);
  });

  it('makes the seed layouts strictly increasing', () => {
    for (const metric of HISTOGRAMS) expect(strictlyIncreasing(metric.boundaries.seed)).toBe(true);
  });

  it('keeps OpenTelemetry’s default boundaries for the otel-default layout', () => {
    expect(OTEL_DEFAULT_BOUNDARIES).toEqual([0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]);
  });

  it('returns the layout’s boundaries, and none for otel-default so that the SDK’s default applies', () => {
    expect(BUCKET_LAYOUTS).toEqual(['seed', 'fine', 'otel-default']);
    for (const metric of HISTOGRAMS) {
      expect(boundariesFor(metric, 'seed')).toBe(metric.boundaries.seed);
      expect(boundariesFor(metric, 'fine')).toBe(metric.boundaries.fine);
      expect(boundariesFor(metric, 'otel-default')).toBeUndefined();
    }
  });

  it('names the metrics as the seed does, split by file_type only', () => {
    expect(HISTOGRAMS.map((metric) => metric.name)).toEqual(['uploaded_file_bytes', 'http_request_duration_seconds']);
    expect(UPLOADED_FILE_BYTES).toMatchObject({ unit: 'bytes', otelUnit: 'By' });
    expect(HTTP_REQUEST_DURATION_SECONDS).toMatchObject({ unit: 'seconds', otelUnit: 's' });
    expect(FILE_UPLOADS_TOTAL).toMatchObject({ name: 'file_uploads_total', otelName: 'file_uploads' });
    // The OTLP → Prometheus exporters append `_total` to a monotonic sum: the two names must agree.
    expect(`${FILE_UPLOADS_TOTAL.otelName}_total`).toBe(FILE_UPLOADS_TOTAL.name);
    expect(FILE_TYPE_LABEL).toBe('file_type');
    for (const metric of [...HISTOGRAMS, FILE_UPLOADS_TOTAL]) expect(metric.labelNames).toEqual([FILE_TYPE_LABEL]);
    expect(FILE_TYPES).toEqual(['small', 'medium', 'large', 'very_large']);
  });

  it('prefixes a Prometheus name with the collector namespace only when one is given', () => {
    expect(prometheusName('uploaded_file_bytes')).toBe('uploaded_file_bytes');
    expect(prometheusName('uploaded_file_bytes', 'logfire')).toBe('logfire_uploaded_file_bytes');
  });
});
