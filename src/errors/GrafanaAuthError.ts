import { GrafanaError } from './GrafanaError.js';

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
