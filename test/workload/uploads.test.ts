import { describe, expect, it } from 'vitest';
import { FILE_TYPES, type FileType } from '../../src/metrics/definitions.js';
import {
  BASE_SECONDS,
  BYTES_PER_SECOND,
  MAX_JITTER_SECONDS,
  PAUSE_RANGE_SECONDS,
  type ScheduledUpload,
  SEED_PROFILES,
  SEED_RATE,
  uploadStream,
} from '../../src/workload/uploads.js';

/** Math.min/max without spreading 100,000 arguments onto the stack. */
function lowest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
}

function highest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
}

function take(seed: number, n: number): ScheduledUpload[] {
  const result: ScheduledUpload[] = [];
  for (const upload of uploadStream(seed)) {
    if (result.length === n) break;
    result.push(upload);
  }
  return result;
}

const DRAWS = 100_000;

describe('the seeded upload stream', () => {
  it('gives the same first 1000 uploads for the same seed', () => {
    const first = take(42, 1000);
    expect(first).toHaveLength(1000);
    expect(take(42, 1000)).toEqual(first);
  });

  it('gives different uploads for different seeds', () => {
    const a = take(1, 1000);
    const b = take(2, 1000);
    expect(a).not.toEqual(b);
    // Not merely one differing upload: most of them differ.
    const same = a.filter((upload, index) => upload.bytes === b[index]?.bytes).length;
    expect(same).toBeLessThan(10);
  });

  it('keeps the seed’s constants: 50/30/15/5 weights, 0.1 s base, 10 MB/s, 0.5 s jitter, pauses of 0.5 to 2 s', () => {
    expect(FILE_TYPES.map((type) => SEED_PROFILES[type].weight)).toEqual([50, 30, 15, 5]);
    expect(BASE_SECONDS).toBe(0.1);
    expect(BYTES_PER_SECOND).toBe(10_000_000);
    expect(MAX_JITTER_SECONDS).toBe(0.5);
    expect(PAUSE_RANGE_SECONDS).toEqual([0.5, 2]);
    expect(SEED_RATE).toBe(0.8);
  });

  describe(`over ${DRAWS.toLocaleString('en-US')} draws`, () => {
    const uploads = take(2024, DRAWS);

    it('holds the file type weights within one percentage point', () => {
      const counts = new Map<FileType, number>();
      for (const upload of uploads) counts.set(upload.fileType, (counts.get(upload.fileType) ?? 0) + 1);
      const totalWeight = FILE_TYPES.reduce((sum, type) => sum + SEED_PROFILES[type].weight, 0);
      for (const type of FILE_TYPES) {
        const share = (100 * (counts.get(type) ?? 0)) / DRAWS;
        const expected = (100 * SEED_PROFILES[type].weight) / totalWeight;
        expect(Math.abs(share - expected), `${type}: ${share}% vs ${expected}%`).toBeLessThanOrEqual(1);
      }
    });

    it('keeps every size an integer inside its type’s range, and uses the whole range', () => {
      for (const type of FILE_TYPES) {
        const { minBytes, maxBytes } = SEED_PROFILES[type];
        const sizes = uploads.filter((upload) => upload.fileType === type).map((upload) => upload.bytes);
        expect(sizes.length).toBeGreaterThan(1000);
        const outside = sizes.filter((bytes) => !Number.isInteger(bytes) || bytes < minBytes || bytes > maxBytes);
        expect(outside, `${type} sizes outside [${minBytes}, ${maxBytes}]`).toEqual([]);
        const spread = maxBytes - minBytes;
        expect(lowest(sizes) - minBytes).toBeLessThan(0.01 * spread);
        expect(maxBytes - highest(sizes)).toBeLessThan(0.01 * spread);
      }
    });

    it('makes every duration 0.1 + bytes / 10e6 + a jitter in [0, 0.5)', () => {
      const jitters = uploads.map((upload) => upload.seconds - (0.1 + upload.bytes / 10e6));
      // The subtraction above rounds: allow a few ulps around the ends of the range.
      expect(jitters.filter((jitter) => !(jitter >= -1e-12 && jitter < 0.5 + 1e-12))).toEqual([]);
      expect(lowest(jitters)).toBeLessThan(0.001);
      expect(highest(jitters)).toBeGreaterThan(0.499);
    });

    it('draws every pause in [0.5, 2)', () => {
      const pauses = uploads.map((upload) => upload.pauseSeconds);
      expect(pauses.filter((pause) => !(pause >= 0.5 && pause < 2))).toEqual([]);
      expect(lowest(pauses)).toBeLessThan(0.501);
      expect(highest(pauses)).toBeGreaterThan(1.999);
    });
  });
});
