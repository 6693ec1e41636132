import { InvalidSeedError } from '../errors/InvalidSeedError.js';

export const MAX_SEED = 0xffffffff;

/**
 * mulberry32: a tiny 32-bit generator with a full 2^32 period. Written here rather than
 * taken from a library so that a seed's stream can never change under a dependency
 * upgrade: an observations file recorded today must be reproducible by any later version.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new InvalidSeedError(seed, MAX_SEED);
    }
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform real in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both inclusive, like Python's `random.randint`. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Index drawn with the given weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let point = this.next() * total;
    for (const [index, weight] of weights.entries()) {
      if (point < weight) return index;
      point -= weight;
    }
    return weights.length - 1;
  }
}
