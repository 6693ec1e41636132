import { StackError } from './StackError.js';

/**
 * A downloaded release archive whose SHA-256 differs from the one in the release's own checksum
 * file: it was refused and nothing was cached. Never a reason to fall back silently: a mirror or
 * a proxy served something else than upstream published.
 */
export class ChecksumMismatchError extends StackError {
  override name = 'ChecksumMismatchError';
  constructor(
    component: string,
    readonly archive: string,
    readonly expected: string,
    readonly actual: string,
    readonly checksumsUrl: string,
  ) {
    super(
      component,
      `${archive} refused: its SHA-256 is ${actual}, the release's checksum file ${checksumsUrl} says ${expected}; nothing was cached`,
    );
  }
}
