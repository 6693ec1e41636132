/**
 * `histogram-demo dashboards import`: puts the datasource and the dashboards into a Grafana
 * that was not provisioned from configs/grafana (e.g. one already running), over its HTTP API.
 * The steps only: credentials are grafanaAuth.ts's, requests GrafanaClient.ts's, and what
 * Grafana's answers mean grafanaErrors.ts's.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { GRAFANA_DATASOURCE_UID } from '../config/grafana.js';
import { GrafanaError } from '../errors/index.js';
import { PROMETHEUS_PLUGIN } from './common.js';
import { GrafanaClient, isRecord } from './GrafanaClient.js';
import type { GrafanaAuth } from './grafanaAuth.js';
import { checkResponse } from './grafanaErrors.js';

/** The datasource `import` creates when Grafana has none with GRAFANA_DATASOURCE_UID. */
export const IMPORTED_DATASOURCE_NAME = 'Prometheus (histogram demo)';

/**
 * Prometheus' scrape interval (configs/prometheus/prometheus.yml, `global.scrape_interval`).
 * Given to Grafana as the datasource's `timeInterval`, it makes `$__rate_interval` at least four
 * scrapes wide; a test checks that both files agree with it.
 */
export const SCRAPE_INTERVAL = '5s';

export interface DashboardToImport {
  readonly title: string;
  readonly dashboard: Dashboard;
}

export interface ImportOptions {
  /** Grafana's base URL, without credentials (see resolveGrafanaTarget). */
  readonly grafanaUrl: URL;
  readonly auth: GrafanaAuth;
  /** The Prometheus URL as Grafana's backend can reach it, for a datasource that must be created. */
  readonly prometheusUrl: string;
  readonly dashboards: readonly DashboardToImport[];
  /** How long to wait for /api/health. */
  readonly healthTimeoutMs: number;
  readonly retryIntervalMs?: number;
  readonly log: (line: string) => void;
}

export interface ImportedDashboard {
  readonly title: string;
  readonly uid: string;
  /** Where to open it: Grafana's answer resolved against its base URL. */
  readonly url: string;
}

/** The datasource as Grafana's API creates it: the one provisioning would give, under a distinct name. */
export function datasourcePayload(prometheusUrl: string): Record<string, unknown> {
  return {
    name: IMPORTED_DATASOURCE_NAME,
    type: PROMETHEUS_PLUGIN,
    uid: GRAFANA_DATASOURCE_UID,
    access: 'proxy',
    url: prometheusUrl,
    isDefault: false,
    jsonData: { timeInterval: SCRAPE_INTERVAL, httpMethod: 'POST' },
  };
}

/**
 * Waits for Grafana, creates the Prometheus datasource unless one with the fixed uid exists,
 * then saves every dashboard with overwrite, and returns where each one is.
 */
export async function importDashboards(options: ImportOptions): Promise<ImportedDashboard[]> {
  const client = new GrafanaClient(options.grafanaUrl, options.auth);
  await client.waitUntilHealthy(options.healthTimeoutMs, options.retryIntervalMs ?? 500, options.log);

  const uid = encodeURIComponent(GRAFANA_DATASOURCE_UID);
  const existing = await client.request('GET', `api/datasources/uid/${uid}`);
  if (existing.status === 404) {
    const created = await client.request('POST', 'api/datasources', datasourcePayload(options.prometheusUrl));
    checkResponse(client, created, `create the datasource ${GRAFANA_DATASOURCE_UID}`);
    options.log(`Created the Prometheus datasource ${GRAFANA_DATASOURCE_UID} (${options.prometheusUrl})`);
  } else {
    checkResponse(client, existing, `read the datasource ${GRAFANA_DATASOURCE_UID}`);
    const type = isRecord(existing.body) ? existing.body.type : undefined;
    if (type !== PROMETHEUS_PLUGIN) {
      throw new GrafanaError(
        client.display,
        `Grafana's datasource ${GRAFANA_DATASOURCE_UID} is of type ${String(type)}, not ${PROMETHEUS_PLUGIN}; ` +
          'delete or rename it, then import again',
      );
    }
    options.log(`Kept the existing Prometheus datasource ${GRAFANA_DATASOURCE_UID}`);
  }

  const imported: ImportedDashboard[] = [];
  for (const { title, dashboard } of options.dashboards) {
    const response = await client.request('POST', 'api/dashboards/db', {
      dashboard,
      overwrite: true,
      message: 'histogram-demo dashboards import',
    });
    checkResponse(client, response, `save the dashboard "${title}"`);
    const path = isRecord(response.body) && typeof response.body.url === 'string' ? response.body.url : undefined;
    const url = path ? new URL(path, client.url.origin).href : `${client.display}/d/${dashboard.uid ?? ''}`;
    imported.push({ title, uid: dashboard.uid ?? '', url });
  }
  return imported;
}
