import { DemoError } from './DemoError.js';

/** Grafana refused or failed a request of `dashboards import`. */
export class GrafanaError extends DemoError {
  override name = 'GrafanaError';
  constructor(
    /** Grafana's base URL, without credentials. */
    readonly url: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
