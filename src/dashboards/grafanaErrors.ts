/**
 * What Grafana's answers mean for the user: 401 and 403 as authentication errors that say
 * which credentials to give, anything else that is not a 2xx as a refusal naming the action.
 */
import { GrafanaAuthError, GrafanaError } from '../errors/index.js';
import { type GrafanaClient, type GrafanaResponse, isRecord } from './GrafanaClient.js';
import { CREDENTIALS_HINT } from './grafanaAuth.js';

/** Throws the error that fits an answer of Grafana's unless it is a 2xx; `action` names what was refused. */
export function checkResponse(client: GrafanaClient, response: GrafanaResponse, action: string): void {
  if (response.status >= 200 && response.status < 300) return;
  const message = isRecord(response.body) && typeof response.body.message === 'string' ? response.body.message : '';
  const detail = `HTTP ${response.status}${message ? `: ${message}` : ''}`;
  if (response.status === 401) {
    const problem = client.auth.kind === 'none' ? 'requires credentials' : 'rejected the credentials';
    throw new GrafanaAuthError(
      client.display,
      401,
      `Grafana at ${client.display} ${problem} (${detail}); ${CREDENTIALS_HINT}`,
    );
  }
  if (response.status === 403) {
    throw new GrafanaAuthError(
      client.display,
      403,
      `Grafana at ${client.display} does not allow these credentials to ${action} (${detail}); ` +
        'use an Admin user or a service account token with the Admin role',
    );
  }
  throw new GrafanaError(client.display, `Grafana at ${client.display} refused to ${action} (${detail})`);
}
