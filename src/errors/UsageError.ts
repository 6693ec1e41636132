import { DemoError } from './DemoError.js';

/** A bad flag, value or environment variable: the user can fix it by changing the command. */
export class UsageError extends DemoError {
  override name = 'UsageError';
  override readonly exitCode = 2;
}
