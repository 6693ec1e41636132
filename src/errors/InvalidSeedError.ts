import { DemoError } from './DemoError.js';

/** A seed outside the generator's 32-bit range; the CLI's --seed parser names the flag first. */
export class InvalidSeedError extends DemoError {
  override name = 'InvalidSeedError';
  constructor(
    readonly seed: number,
    readonly max: number,
  ) {
    super(`seed must be an integer from 0 to ${max}, got "${seed}"`);
  }
}
