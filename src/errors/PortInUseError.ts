import { DemoError } from './DemoError.js';

/** A port we must listen on is taken by another process. */
export class PortInUseError extends DemoError {
  override name = 'PortInUseError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly holder: string | undefined,
    readonly hint: string,
    options?: ErrorOptions,
  ) {
    super(`port ${port} on ${host} is already in use${holder ? ` by ${holder}` : ''}; ${hint}`, options);
  }
}
