import { DemoError } from '../errors/DemoError.js';

/** A truth file that cannot be read or does not hold what verify was told it holds. */
export class TruthFileError extends DemoError {
  override name = 'TruthFileError';
  override readonly exitCode = 2;

  constructor(
    readonly file: string,
    readonly reason: string,
    /** 1-based line an editor shows, when the problem is on one line. */
    readonly line?: number,
    options?: ErrorOptions,
  ) {
    super(`${file}${line === undefined ? '' : `: line ${line}`}: ${reason}`, options);
  }
}
