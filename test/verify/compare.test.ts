import { describe, expect, it } from 'vitest';
import { UPLOADED_FILE_BYTES } from '../../src/metrics/definitions.js';
import { relativeBucketWidth, scaleOf } from '../../src/verify/collect.js';
import { comparePipelines, compareWithTruth, quantileErrors } from '../../src/verify/compare.js';
import { byLe, leBound } from '../../src/verify/le.js';
import type { PipelineStats } from '../../src/verify/report.js';
import type { Upload } from '../../src/workload/uploads.js';

function stats(overrides: Partial<PipelineStats> = {}): PipelineStats {
  return {
    pipeline: 'direct',
    present: true,
    count: 10,
    sum: 1234.5,
    mean: 123.45,
    buckets: [
      { le: '100.0', count: 4 },
      { le: '1e+06', count: 9 },
      { le: '+Inf', count: 10 },
    ],
    quantiles: [100, 200, 300, 400],
    ...overrides,
  };
}

describe('comparePipelines', () => {
  it('finds nothing when count, sum and every bucket are equal', () => {
    expect(comparePipelines('m', 'all', stats(), stats({ pipeline: 'logfire' }), 'classic')).toEqual([]);
  });

  it('accepts sums equal to 1e-9 relatively and rejects larger differences', () => {
    const close = stats({ pipeline: 'logfire', sum: 1234.5 * (1 + 5e-10) });
    expect(comparePipelines('m', 'all', stats(), close, 'classic')).toEqual([]);
    const far = stats({ pipeline: 'logfire', sum: 1234.6 });
    expect(comparePipelines('m', 'all', stats(), far, 'classic')).toEqual([
      expect.objectContaining({ field: 'sum', expected: 1234.5, actual: 1234.6 }),
    ]);
  });

  it('names each differing and each missing bucket by its le, with both values', () => {
    const other = stats({
      pipeline: 'logfire',
      buckets: [
        { le: '100.0', count: 5 },
        { le: '+Inf', count: 10 },
      ],
    });
    const differences = comparePipelines('uploaded_file_bytes', 'small', stats(), other, 'classic');
    expect(differences).toEqual([
      expect.objectContaining({ field: 'bucket', le: '100.0', expected: 4, actual: 5 }),
      expect.objectContaining({ field: 'bucket', le: '1e+06', expected: 9 }),
    ]);
    expect(differences[1]?.message).toBe(
      'logfire: uploaded_file_bytes{file_type="small"}_bucket{le="1e+06"} missing, direct 9',
    );
  });

  it('reports a pipeline without series as missing, and nothing else about it', () => {
    const absent = stats({ pipeline: 'logfire', present: false, count: 0, sum: 0, buckets: [] });
    expect(comparePipelines('m', 'all', stats(), absent, 'classic')).toEqual([
      expect.objectContaining({ field: 'missing', expected: 10 }),
    ]);
  });

  it('compares a native pipeline on count and sum only', () => {
    const native = stats({ pipeline: 'native', buckets: [] });
    expect(comparePipelines('m', 'all', stats(), native, 'native')).toEqual([]);
    expect(comparePipelines('m', 'all', stats(), { ...native, count: 11 }, 'native')).toEqual([
      expect.objectContaining({ field: 'count', expected: 10, actual: 11 }),
    ]);
  });
});

describe('compareWithTruth', () => {
  const uploads: Upload[] = [
    { fileType: 'small', bytes: 50, seconds: 0.2 },
    { fileType: 'small', bytes: 500_000, seconds: 0.3 },
    { fileType: 'medium', bytes: 2_000_000, seconds: 0.4 },
  ];
  const matching = stats({
    pipeline: 'logfire',
    count: 3,
    sum: 2_500_050,
    buckets: [
      { le: '100.0', count: 1 },
      { le: '500000.0', count: 2 },
      { le: '1e+06', count: 2 },
      { le: '+Inf', count: 3 },
    ],
  });

  it('accepts a pipeline whose count, sum and buckets are those of the uploads', () => {
    expect(compareWithTruth(UPLOADED_FILE_BYTES, 'all', matching, uploads, 'obs.csv')).toEqual([]);
  });

  it('names a bucket that counts other uploads than the truth, with both values', () => {
    const wrong = { ...matching, buckets: [{ le: '500000.0', count: 1 }] };
    expect(compareWithTruth(UPLOADED_FILE_BYTES, 'all', wrong, uploads, 'obs.csv')).toEqual([
      expect.objectContaining({
        field: 'bucket',
        le: '500000.0',
        expected: 2,
        actual: 1,
        message: 'logfire: uploaded_file_bytes_bucket{le="500000.0"} 1, obs.csv 2',
      }),
    ]);
  });

  it("checks one file type against that type's uploads only", () => {
    const small = stats({ pipeline: 'direct', count: 2, sum: 500_050, buckets: [{ le: '+Inf', count: 2 }] });
    expect(compareWithTruth(UPLOADED_FILE_BYTES, 'small', small, uploads, 'obs.csv')).toEqual([]);
    expect(compareWithTruth(UPLOADED_FILE_BYTES, 'medium', small, uploads, 'obs.csv')).toEqual([
      expect.objectContaining({ field: 'count', expected: 1, actual: 2 }),
    ]);
  });

  it('reads the +Inf bucket bound, which Number() does not', () => {
    expect(leBound('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(leBound('1e+06')).toBe(1_000_000);
    expect(['+Inf', '1e+06', '100000.0', '0.5'].sort(byLe)).toEqual(['0.5', '100000.0', '1e+06', '+Inf']);
    expect(['1e+06', '+Inf', '0.5'].sort(byLe)).toEqual(['0.5', '1e+06', '+Inf']);
  });
});

describe('quantileErrors', () => {
  it('gives absolute and relative errors against the exact quantiles, and the bound when there is one', () => {
    const exact = { count: 10, sum: 1, mean: 1, quantiles: [100, 250, 300, 500] };
    const errors = quantileErrors(stats({ relativeErrorBound: 0.05 }), exact, 'direct');
    expect(errors.map((error) => error.absolute)).toEqual([0, -50, 0, -100]);
    expect(errors.map((error) => error.relative)).toEqual([0, -0.2, 0, -0.2]);
    expect(errors.every((error) => error.bound === 0.05)).toBe(true);
  });
});

describe('native histogram scale', () => {
  it('is read off a bucket width: upper/lower = 2^(2^-scale)', () => {
    for (const scale of [0, 1, 3, 4, 8]) {
      const lower = 2 ** (5 * 2 ** -scale);
      const upper = lower * 2 ** (2 ** -scale);
      expect(scaleOf([{ lower, upper }])).toBe(scale);
    }
    expect(scaleOf([])).toBeUndefined();
  });

  it('bounds the relative error by 2^(2^-scale) - 1', () => {
    expect(relativeBucketWidth(0)).toBe(1);
    expect(relativeBucketWidth(4)).toBeCloseTo(0.04427, 5);
    expect(relativeBucketWidth(5)).toBeCloseTo(0.0219, 5);
  });
});
