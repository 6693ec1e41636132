import { GrafanaError } from './GrafanaError.js';

/** Grafana did not answer /api/health in time: not started, wrong URL, or still starting. */
export class GrafanaUnreachableError extends GrafanaError {
  override name = 'GrafanaUnreachableError';
}
