import { DemoError } from '../errors/DemoError.js';

/** Observations advise cannot place boundaries for (negative values, nothing above 0), named by their facts. */
export class AdviseDataError extends DemoError {
  override name = 'AdviseDataError';
  constructor(
    readonly metric: string,
    readonly source: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`${metric} (${source}): ${problem}`, options);
  }
}
