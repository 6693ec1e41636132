import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_HOST } from '../config/defaults.js';
import { exec } from './exec.js';
import { PACKAGE_ROOT } from './paths.js';

export const GRAFANA_PROVISIONING = join(PACKAGE_ROOT, 'configs/grafana/provisioning');
export const DASHBOARDS_DIR = join(PACKAGE_ROOT, 'dashboards');

/** The documented demo default; anything else comes from GRAFANA_ADMIN_PASSWORD. */
export const DEMO_ADMIN_PASSWORD = 'admin';

/** A Grafana server binary on PATH (`grafana server` since 10, `grafana-server` before), if any. */
export async function findGrafana(): Promise<{ command: string; args: string[] } | undefined> {
  for (const [command, args] of [
    ['grafana', ['server']],
    ['grafana-server', []],
  ] as const) {
    const found = await exec('grafana', 'sh', ['-c', `command -v ${command}`], { timeoutMs: 5000 }).catch(
      () => undefined,
    );
    const path = found?.code === 0 ? found.stdout.trim() : '';
    if (path) return { command: path, args: [...args] };
  }
  return undefined;
}

/**
 * The repo's provisioning, copied into the state folder with the two paths that differ
 * natively: the datasource URL (the Prometheus we started) and the dashboards folder.
 */
export async function writeNativeProvisioning(stateDir: string, prometheusUrl: string): Promise<string> {
  const target = join(stateDir, 'grafana', 'provisioning');
  await mkdir(target, { recursive: true });
  await cp(GRAFANA_PROVISIONING, target, { recursive: true });
  const datasources = join(target, 'datasources', 'prometheus.yml');
  const datasourceDoc = parseDocument(await readFile(datasources, 'utf8'));
  datasourceDoc.setIn(['datasources', 0, 'url'], prometheusUrl);
  await writeFile(datasources, datasourceDoc.toString());
  const provider = join(target, 'dashboards', 'histogram-demo.yml');
  const providerDoc = parseDocument(await readFile(provider, 'utf8'));
  providerDoc.setIn(['providers', 0, 'options', 'path'], DASHBOARDS_DIR);
  await writeFile(provider, providerDoc.toString());
  return target;
}

/** Grafana's settings as environment variables: loopback only, state in the state folder. */
export function grafanaEnv(
  stateDir: string,
  provisioning: string,
  port: number,
  password: string,
): Record<string, string> {
  return {
    GF_PATHS_PROVISIONING: provisioning,
    GF_PATHS_DATA: join(stateDir, 'grafana', 'data'),
    GF_PATHS_LOGS: join(stateDir, 'grafana', 'logs'),
    GF_SERVER_HTTP_ADDR: DEFAULT_HOST,
    GF_SERVER_HTTP_PORT: String(port),
    GF_SECURITY_ADMIN_USER: 'admin',
    GF_SECURITY_ADMIN_PASSWORD: password,
    GF_ANALYTICS_REPORTING_ENABLED: 'false',
    GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
  };
}
