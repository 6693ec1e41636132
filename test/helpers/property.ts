import { MAX_SEED, SeededRandom } from '../../src/workload/SeededRandom.js';

/**
 * Runs a property over many random cases from one seed: `PROPERTY_SEED` replays a failure,
 * else a fresh seed each run. A failing case rethrows with the seed and the case's index.
 */
export function forRandomCases(count: number, check: (random: SeededRandom, index: number) => void): void {
  const seed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : Math.floor(Math.random() * MAX_SEED);
  const random = new SeededRandom(seed);
  for (let index = 0; index < count; index++) {
    try {
      check(random, index);
    } catch (error) {
      throw new Error(
        `case ${index} of seed ${seed} failed (PROPERTY_SEED=${seed} replays it): ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
}
