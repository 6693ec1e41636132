import { afterEach, describe, expect, it, vi } from 'vitest';
import { GRAFANA_DATASOURCE_UID } from '../../src/config/grafana.js';
import { generateDashboards } from '../../src/dashboards/dashboard.js';
import { resolveGrafanaTarget } from '../../src/dashboards/grafanaAuth.js';
import { IMPORTED_DATASOURCE_NAME, SCRAPE_INTERVAL } from '../../src/dashboards/grafanaImport.js';
import { PIPELINE_DASHBOARDS } from '../../src/dashboards/pipelines.js';
import { DemoError } from '../../src/errors/DemoError.js';
import { GrafanaAuthError, GrafanaError, GrafanaUnreachableError } from '../../src/errors/index.js';
import { UsageError } from '../../src/errors/UsageError.js';
import { freePort } from '../helpers/ports.js';
import { runDashboards } from './cli.js';
import { type FakeGrafana, type FakeGrafanaOptions, startFakeGrafana } from './fakeGrafana.js';

const PASSWORD = 's3cret-Pa55';
const TOKEN = 'glsa_t0ken-value';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let grafana: FakeGrafana | undefined;

async function fake(options: FakeGrafanaOptions): Promise<FakeGrafana> {
  grafana = await startFakeGrafana(options);
  return grafana;
}

afterEach(async () => {
  await grafana?.close();
  grafana = undefined;
  vi.unstubAllEnvs();
});

/** Runs the command with no credentials from this machine's environment leaking in. */
async function importInto(args: readonly string[], env: Record<string, string> = {}) {
  for (const name of ['GRAFANA_USER', 'GRAFANA_PASSWORD', 'GRAFANA_TOKEN']) vi.stubEnv(name, env[name] ?? '');
  return await runDashboards(['import', ...args]);
}

function expectOneLineDemoError(error: unknown): asserts error is DemoError {
  expect(error).toBeInstanceOf(DemoError);
  const message = (error as DemoError).message;
  expect(message).not.toContain('\n');
  expect(message).not.toContain(PASSWORD);
  expect(message).not.toContain(TOKEN);
}

describe('histogram-demo dashboards import', () => {
  it('waits for /api/health, creates the datasource, saves all five dashboards (four pipelines and their comparison) with overwrite, prints their URLs', async () => {
    const server = await fake({ healthFailures: 2, acceptAuthorization: basic('admin', PASSWORD) });
    const { output, error } = await importInto([
      '--grafana-url',
      server.url,
      '--user',
      'admin',
      '--password',
      PASSWORD,
      '--prometheus-url',
      'http://prometheus:9090',
    ]);
    expect(error).toBeUndefined();

    const calls = server.requests.map((request) => `${request.method} ${request.path}`);
    expect(calls).toEqual([
      'GET /api/health',
      'GET /api/health',
      'GET /api/health',
      `GET /api/datasources/uid/${GRAFANA_DATASOURCE_UID}`,
      'POST /api/datasources',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
    ]);
    // Health is public; every other call carries the credentials.
    for (const request of server.requests) {
      expect(request.authorization).toBe(request.path === '/api/health' ? undefined : basic('admin', PASSWORD));
    }

    const [, , , , datasource, ...saves] = server.requests;
    expect(datasource?.contentType).toBe('application/json');
    expect(datasource?.body).toEqual({
      name: IMPORTED_DATASOURCE_NAME,
      type: 'prometheus',
      uid: GRAFANA_DATASOURCE_UID,
      access: 'proxy',
      url: 'http://prometheus:9090',
      isDefault: false,
      jsonData: { timeInterval: SCRAPE_INTERVAL, httpMethod: 'POST' },
    });
    const generated = generateDashboards();
    expect(generated.map(({ uid }) => uid)).toEqual([
      'histogram-demo-logfire',
      'histogram-demo-direct',
      'histogram-demo-native',
      'histogram-demo-otlp',
      'histogram-demo-comparison',
    ]);
    expect(saves.map((save) => save.body)).toEqual(
      generated.map(({ dashboard }) => ({
        dashboard: JSON.parse(JSON.stringify(dashboard)),
        overwrite: true,
        message: 'histogram-demo dashboards import',
      })),
    );

    expect(output).toContain(`Waiting for Grafana at ${server.url} (/api/health: HTTP 503)`);
    expect(output).toContain(`Created the Prometheus datasource ${GRAFANA_DATASOURCE_UID} (http://prometheus:9090)`);
    for (const { title, uid } of generated) {
      expect(output).toContain(`${title}: ${server.url}/d/${uid}/${uid}`);
    }
    expect(output).not.toContain(PASSWORD);
  });

  it('keeps an existing datasource and sends a token as a bearer token, from GRAFANA_TOKEN', async () => {
    const server = await fake({ datasourceExists: true, acceptAuthorization: `Bearer ${TOKEN}` });
    const { output, error } = await importInto(['--grafana-url', server.url], { GRAFANA_TOKEN: TOKEN });
    expect(error).toBeUndefined();
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/health',
      `GET /api/datasources/uid/${GRAFANA_DATASOURCE_UID}`,
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
    ]);
    expect(output).toContain(`Kept the existing Prometheus datasource ${GRAFANA_DATASOURCE_UID}`);
    expect(output).not.toContain(TOKEN);
  });

  it('takes the user and password from GRAFANA_USER and GRAFANA_PASSWORD, and works under a sub-path', async () => {
    const server = await fake({ acceptAuthorization: basic('editor', PASSWORD), subPath: '/grafana' });
    const { output, error } = await importInto(['--grafana-url', `${server.url}/`], {
      GRAFANA_USER: 'editor',
      GRAFANA_PASSWORD: PASSWORD,
    });
    expect(error).toBeUndefined();
    expect(server.requests.filter((request) => request.path === '/api/dashboards/db')).toHaveLength(5);
    expect(output).toContain(`: ${server.url}/d/histogram-demo-direct/histogram-demo-direct`);
    expect(output).toContain(`: ${server.url}/d/histogram-demo-native/histogram-demo-native`);
    expect(output).toContain(`: ${server.url}/d/histogram-demo-comparison/histogram-demo-comparison`);
  });

  it('fails with one clear line when Grafana rejects the credentials (401)', async () => {
    const server = await fake({ acceptAuthorization: basic('admin', 'the-right-one') });
    const { error, output } = await importInto([
      '--grafana-url',
      server.url,
      '--user',
      'admin',
      '--password',
      PASSWORD,
    ]);
    expectOneLineDemoError(error);
    expect(error).toBeInstanceOf(GrafanaAuthError);
    expect(error.message).toBe(
      `Grafana at ${server.url} rejected the credentials (HTTP 401: Invalid username or password); ` +
        'pass --user and --password or --token, or set GRAFANA_USER and GRAFANA_PASSWORD or GRAFANA_TOKEN',
    );
    expect(server.requests.some((request) => request.method === 'POST')).toBe(false);
    expect(output).not.toContain(PASSWORD);
  });

  it('says that credentials are needed when none were given (401)', async () => {
    const server = await fake({ acceptAuthorization: basic('admin', PASSWORD) });
    const { error } = await importInto(['--grafana-url', server.url]);
    expectOneLineDemoError(error);
    expect(error.message).toMatch(/requires credentials \(HTTP 401/);
  });

  it('fails with one clear line when the credentials may not write (403)', async () => {
    const server = await fake({ forbidWrites: true });
    const { error } = await importInto(['--grafana-url', server.url, '--token', TOKEN]);
    expectOneLineDemoError(error);
    expect(error).toBeInstanceOf(GrafanaAuthError);
    expect(error.message).toMatch(
      new RegExp(`does not allow these credentials to create the datasource ${GRAFANA_DATASOURCE_UID} \\(HTTP 403`),
    );
  });

  it('fails with one clear line when Grafana is unreachable, after retrying until --timeout', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { error, output } = await importInto(['--grafana-url', url, '--timeout', '1.5']);
    expectOneLineDemoError(error);
    expect(error).toBeInstanceOf(GrafanaUnreachableError);
    expect(error.message).toBe(
      `Grafana at ${url} is unreachable: /api/health did not answer 200 within 1.5 s (last: ECONNREFUSED); ` +
        'start Grafana, pass --grafana-url, or raise --timeout',
    );
    expect(output).toContain(`Waiting for Grafana at ${url} (/api/health: ECONNREFUSED)`);
  });

  it('keeps asking /api/health until --timeout while Grafana answers 503, then gives up clearly', async () => {
    const server = await fake({ healthFailures: Number.POSITIVE_INFINITY });
    const { error } = await importInto(['--grafana-url', server.url, '--timeout', '1']);
    expectOneLineDemoError(error);
    expect(error).toBeInstanceOf(GrafanaUnreachableError);
    expect(error.message).toMatch(/did not answer 200 within 1 s \(last: HTTP 503\)/);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(server.requests.every((request) => request.path === '/api/health')).toBe(true);
  });

  it('reports any other refusal with Grafana’s message', async () => {
    const server = await fake({ rejectDashboards: { status: 400, message: 'Cannot save provisioned dashboard' } });
    const { error } = await importInto(['--grafana-url', server.url]);
    expectOneLineDemoError(error);
    expect(error).toBeInstanceOf(GrafanaError);
    expect(error.message).toBe(
      `Grafana at ${server.url} refused to save the dashboard "${PIPELINE_DASHBOARDS.logfire?.title}" ` +
        '(HTTP 400: Cannot save provisioned dashboard)',
    );
  });
});

describe('resolveGrafanaTarget', () => {
  it('moves a user and password out of the URL into basic auth', () => {
    const { url, auth } = resolveGrafanaTarget(`http://admin:${PASSWORD}@localhost:3000`, {}, {});
    expect(url.href).toBe('http://localhost:3000/');
    expect(auth).toEqual({ kind: 'basic', user: 'admin', password: PASSWORD });
  });

  it('prefers flags over the environment, and the environment over the URL', () => {
    const env = { GRAFANA_TOKEN: TOKEN };
    expect(resolveGrafanaTarget('http://a:b@localhost:3000', { user: 'u', password: 'p' }, env).auth).toEqual({
      kind: 'basic',
      user: 'u',
      password: 'p',
    });
    expect(resolveGrafanaTarget('http://a:b@localhost:3000', {}, env).auth).toEqual({ kind: 'token', token: TOKEN });
    expect(resolveGrafanaTarget('http://localhost:3000', {}, {}).auth).toEqual({ kind: 'none' });
  });

  it('rejects half credentials, both kinds at once and bad URLs without echoing them', () => {
    expect(() => resolveGrafanaTarget('http://localhost:3000', { user: 'admin' }, {})).toThrow(UsageError);
    expect(() => resolveGrafanaTarget('http://localhost:3000', { token: TOKEN, user: 'admin' }, {})).toThrow(
      UsageError,
    );
    expect(() => resolveGrafanaTarget('http://localhost:3000', {}, { GRAFANA_USER: 'admin' })).toThrow(UsageError);
    let message = '';
    try {
      resolveGrafanaTarget(`ftp://admin:${PASSWORD}@host`, {}, {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('--grafana-url must be an http(s) URL such as http://localhost:3000');
  });
});
