import { DemoError } from './DemoError.js';

/** A component of the native stack failed to build, validate, start or stop. */
export class StackError extends DemoError {
  override name = 'StackError';
  constructor(
    readonly component: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${component}: ${message}`, options);
  }
}
