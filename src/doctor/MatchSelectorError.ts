import { DemoError } from '../errors/DemoError.js';

/** A `--match` value that is not a series selector; the CLI turns it into a usage message. */
export class MatchSelectorError extends DemoError {
  override name = 'MatchSelectorError';

  constructor(
    readonly selector: string,
    readonly reason: string,
  ) {
    super(`selector "${selector}": ${reason}`);
  }
}
