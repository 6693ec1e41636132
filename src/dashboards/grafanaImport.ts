/**
 * `histogram-demo dashboards import`: puts the datasource and the dashboards into a Grafana
 * that was not provisioned from configs/grafana (e.g. one already running), over its HTTP API.
 * Credentials go into the Authorization header only: never into a log line or an error.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { GRAFANA_DATASOURCE_UID } from '../config/grafana.js';
import { GrafanaAuthError, GrafanaError, GrafanaUnreachableError } from '../errors/index.js';
import { UsageError } from '../errors/UsageError.js';
import { PROMETHEUS_PLUGIN } from './common.js';

/** The datasource `import` creates when Grafana has none with GRAFANA_DATASOURCE_UID. */
export const IMPORTED_DATASOURCE_NAME = 'Prometheus (histogram demo)';

/**
 * Prometheus' scrape interval (configs/prometheus/prometheus.yml, `global.scrape_interval`).
 * Given to Grafana as the datasource's `timeInterval`, it makes `$__rate_interval` at least four
 * scrapes wide; a test checks that both files agree with it.
 */
export const SCRAPE_INTERVAL = '5s';

export type GrafanaAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | { readonly kind: 'token'; readonly token: string };

export interface CredentialFlags {
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly token?: string | undefined;
}

const CREDENTIALS_HINT =
  'pass --user and --password or --token, or set GRAFANA_USER and GRAFANA_PASSWORD or GRAFANA_TOKEN';

/**
 * Where Grafana is and how to log in. Flags win over the environment; a user and password
 * written into the URL (http://user:pass@host) are used when nothing else is given.
 */
export function resolveGrafanaTarget(
  rawUrl: string,
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv,
): { url: URL; auth: GrafanaAuth } {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    // The value is not echoed: it may hold a password.
    throw new UsageError('--grafana-url must be an http(s) URL such as http://localhost:3000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('--grafana-url must be an http(s) URL such as http://localhost:3000');
  }
  const fromUrl =
    url.username || url.password
      ? { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
  url.username = '';
  url.password = '';
  return { url, auth: resolveAuth(flags, env, fromUrl) };
}

function resolveAuth(
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv,
  fromUrl: { user: string; password: string } | undefined,
): GrafanaAuth {
  const basic = (user: string | undefined, password: string | undefined, source: string): GrafanaAuth => {
    if (!user || !password) throw new UsageError(`${source}: a user needs a password and a password a user`);
    return { kind: 'basic', user, password };
  };
  if (flags.token !== undefined && (flags.user !== undefined || flags.password !== undefined)) {
    throw new UsageError('give either --token or --user and --password, not both');
  }
  if (flags.token !== undefined) {
    if (!flags.token) throw new UsageError('--token must not be empty');
    return { kind: 'token', token: flags.token };
  }
  if (flags.user !== undefined || flags.password !== undefined) {
    return basic(flags.user ?? env.GRAFANA_USER, flags.password ?? env.GRAFANA_PASSWORD, '--user/--password');
  }
  if (env.GRAFANA_TOKEN) return { kind: 'token', token: env.GRAFANA_TOKEN };
  if (env.GRAFANA_USER || env.GRAFANA_PASSWORD) {
    return basic(env.GRAFANA_USER, env.GRAFANA_PASSWORD, 'GRAFANA_USER/GRAFANA_PASSWORD');
  }
  if (fromUrl) return basic(fromUrl.user, fromUrl.password, '--grafana-url');
  return { kind: 'none' };
}

function authorization(auth: GrafanaAuth): string | undefined {
  switch (auth.kind) {
    case 'basic':
      return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    case 'token':
      return `Bearer ${auth.token}`;
    case 'none':
      return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (isRecord(cause) && typeof cause.code === 'string') return cause.code;
  if (error.name === 'TimeoutError') return 'no answer in time';
  return error.message;
}

interface GrafanaResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Grafana's HTTP API, as much as `import` needs. */
export class GrafanaClient {
  /** Base URL with a trailing slash, so relative API paths keep a sub-path (http://host/grafana/). */
  private readonly base: URL;

  constructor(
    readonly url: URL,
    private readonly auth: GrafanaAuth,
    private readonly requestTimeoutMs = 10_000,
  ) {
    this.base = new URL(url.href.endsWith('/') ? url.href : `${url.href}/`);
  }

  /** The base URL as shown to the user: never with credentials. */
  get display(): string {
    return this.base.href.replace(/\/$/, '');
  }

  async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    options: { authenticate?: boolean; timeoutMs?: number } = {},
  ): Promise<GrafanaResponse> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const header = options.authenticate === false ? undefined : authorization(this.auth);
    if (header) headers.Authorization = header;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? this.requestTimeoutMs),
      });
    } catch (error) {
      throw new GrafanaUnreachableError(
        this.display,
        `cannot reach Grafana at ${this.display} (${errorText(error)}); start it or pass --grafana-url`,
        { cause: error },
      );
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (e.g. a proxy's HTML error page): keep the text for the error message.
    }
    return { status: response.status, body: parsed };
  }

  /** Polls /api/health until it answers 200, or throws GrafanaUnreachableError after timeoutMs. */
  async waitUntilHealthy(timeoutMs: number, intervalMs: number, log: (line: string) => void): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (let attempt = 1; ; attempt += 1) {
      // Each try may overrun the deadline by at most a second, so the last one still gets an answer.
      const remaining = Math.max(1000, deadline - Date.now());
      try {
        const response = await this.request('GET', 'api/health', undefined, {
          authenticate: false,
          timeoutMs: Math.min(this.requestTimeoutMs, remaining),
        });
        if (response.status === 200) return;
        last = `HTTP ${response.status}`;
      } catch (error) {
        if (!(error instanceof GrafanaUnreachableError)) throw error;
        last = errorText(error.cause);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new GrafanaUnreachableError(
          this.display,
          `Grafana at ${this.display} is unreachable: /api/health did not answer 200 within ` +
            `${formatSeconds(timeoutMs)} (last: ${last}); start Grafana, pass --grafana-url, or raise --timeout`,
        );
      }
      if (attempt === 1) log(`Waiting for Grafana at ${this.display} (/api/health: ${last})`);
      await sleep(Math.min(intervalMs, left));
    }
  }

  /** Throws the matching error unless the response is a 2xx. */
  check(response: GrafanaResponse, action: string): void {
    if (response.status >= 200 && response.status < 300) return;
    const message = isRecord(response.body) && typeof response.body.message === 'string' ? response.body.message : '';
    const detail = `HTTP ${response.status}${message ? `: ${message}` : ''}`;
    if (response.status === 401) {
      const problem = this.auth.kind === 'none' ? 'requires credentials' : 'rejected the credentials';
      throw new GrafanaAuthError(
        this.display,
        401,
        `Grafana at ${this.display} ${problem} (${detail}); ${CREDENTIALS_HINT}`,
      );
    }
    if (response.status === 403) {
      throw new GrafanaAuthError(
        this.display,
        403,
        `Grafana at ${this.display} does not allow these credentials to ${action} (${detail}); ` +
          'use an Admin user or a service account token with the Admin role',
      );
    }
    throw new GrafanaError(this.display, `Grafana at ${this.display} refused to ${action} (${detail})`);
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

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
    client.check(created, `create the datasource ${GRAFANA_DATASOURCE_UID}`);
    options.log(`Created the Prometheus datasource ${GRAFANA_DATASOURCE_UID} (${options.prometheusUrl})`);
  } else {
    client.check(existing, `read the datasource ${GRAFANA_DATASOURCE_UID}`);
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
    client.check(response, `save the dashboard "${title}"`);
    const path = isRecord(response.body) && typeof response.body.url === 'string' ? response.body.url : undefined;
    const url = path ? new URL(path, client.url.origin).href : `${client.display}/d/${dashboard.uid ?? ''}`;
    imported.push({ title, uid: dashboard.uid ?? '', url });
  }
  return imported;
}
