import { PrometheusError } from './PrometheusError.js';

/** Nothing answered at the Prometheus (or Thanos query) URL: the facts only; the CLI says what to do. */
export class PrometheusUnreachableError extends PrometheusError {
  override name = 'PrometheusUnreachableError';
}
