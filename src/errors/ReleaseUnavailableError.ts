import { StackError } from './StackError.js';

/**
 * A release archive could not be fetched: the download base did not answer in time, answered
 * with an HTTP error, lists no checksum for the archive, or the transfer broke off. The stack
 * falls back to building from source.
 */
export class ReleaseUnavailableError extends StackError {
  override name = 'ReleaseUnavailableError';
  constructor(
    component: string,
    readonly url: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(component, `no release archive from ${url} (${reason})`, options);
  }
}
