import { DemoError } from '../errors/DemoError.js';

/** Docker mode was asked for and no Docker engine answers (`docker info` failed). */
export class DockerUnavailableError extends DemoError {
  override name = 'DockerUnavailableError';
  constructor(options?: ErrorOptions) {
    super('no Docker engine answers (docker info failed)', options);
  }
}
