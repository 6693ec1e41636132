import { describe, expect, it } from 'vitest';
import { DemoError } from '../../src/errors/DemoError.js';
import { InvalidSeedError } from '../../src/errors/InvalidSeedError.js';
import { MAX_SEED, SeededRandom } from '../../src/workload/SeededRandom.js';

/** Math.min/max without spreading 100,000 arguments onto the stack. */
function lowest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
}

function highest(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
}

/** mulberry32 as published by its author (bryc), written out independently of the source. */
function referenceMulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draws(random: SeededRandom, n: number): number[] {
  return Array.from({ length: n }, () => random.next());
}

describe('SeededRandom', () => {
  it('is mulberry32: it produces the reference implementation’s stream for several seeds', () => {
    for (const seed of [0, 1, 42, 123_456_789, MAX_SEED]) {
      const reference = referenceMulberry32(seed);
      const expected = Array.from({ length: 1000 }, () => reference());
      expect(draws(new SeededRandom(seed), 1000)).toEqual(expected);
    }
  });

  it('gives the same stream for the same seed and a different one for another seed', () => {
    expect(draws(new SeededRandom(7), 100)).toEqual(draws(new SeededRandom(7), 100));
    expect(draws(new SeededRandom(7), 100)).not.toEqual(draws(new SeededRandom(8), 100));
  });

  it('draws next() in [0, 1)', () => {
    const values = draws(new SeededRandom(3), 100_000);
    expect(lowest(values)).toBeGreaterThanOrEqual(0);
    expect(highest(values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });

  it('draws integer(min, max) with both ends included and nothing outside', () => {
    const random = new SeededRandom(11);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i += 1) seen.add(random.integer(1, 3));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('draws uniform(min, max) inside [min, max)', () => {
    const random = new SeededRandom(12);
    for (let i = 0; i < 10_000; i += 1) {
      const value = random.uniform(0.5, 2);
      expect(value).toBeGreaterThanOrEqual(0.5);
      expect(value).toBeLessThan(2);
    }
  });

  it('never draws an index whose weight is zero', () => {
    const random = new SeededRandom(13);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10_000; i += 1) {
      const index = random.weighted([0, 1, 3]);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect(counts[0]).toBe(0);
    expect(counts[1]).toBeGreaterThan(2000);
    expect(counts[2]).toBeGreaterThan(7000);
  });

  it('accepts the smallest and the largest seed', () => {
    expect(() => new SeededRandom(0)).not.toThrow();
    expect(() => new SeededRandom(MAX_SEED)).not.toThrow();
    expect(MAX_SEED).toBe(2 ** 32 - 1);
  });

  it.each([
    [-1, '-1'],
    [1.5, '1.5'],
    [2 ** 32, '4294967296'],
    [99_999_999_999, '99999999999'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('rejects the seed %s with an InvalidSeedError that holds and names the value', (seed, shown) => {
    let caught: unknown;
    try {
      new SeededRandom(seed);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidSeedError);
    expect(caught).toBeInstanceOf(DemoError);
    const error = caught as InvalidSeedError;
    expect(Object.is(error.seed, seed)).toBe(true);
    expect(error.message).toContain(`"${shown}"`);
    expect(error.message).toContain(String(MAX_SEED));
  });
});
