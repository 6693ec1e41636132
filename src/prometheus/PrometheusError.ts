import { DemoError } from '../errors/DemoError.js';

/** Prometheus could not be reached or refused a query. */
export class PrometheusError extends DemoError {
  override name = 'PrometheusError';
  constructor(
    readonly url: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
