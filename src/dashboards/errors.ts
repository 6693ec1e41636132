import { DemoError } from '../errors/DemoError.js';

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

/** Grafana did not answer /api/health in time: not started, wrong URL, or still starting. */
export class GrafanaUnreachableError extends GrafanaError {
  override name = 'GrafanaUnreachableError';
}

/** Grafana answered 401 or 403: missing or wrong credentials, or a role that may not write. */
export class GrafanaAuthError extends GrafanaError {
  override name = 'GrafanaAuthError';
  constructor(
    url: string,
    readonly status: 401 | 403,
    message: string,
  ) {
    super(url, message);
  }
}
