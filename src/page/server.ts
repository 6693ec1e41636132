import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { DEFAULT_HOST } from '../config/defaults.js';
import { PortInUseError } from '../errors/PortInUseError.js';
import { describePortHolder } from '../net/ports.js';
import { type DashboardEntry, type DashboardProblem, readDashboards } from './dashboardsDir.js';

type Log = (line: string) => void;

export interface DashboardsServerOptions {
  readonly host?: string;
  readonly port: number;
  /** Prometheus' base URL (or any Prometheus-compatible API, e.g. Thanos query): the proxy's target. */
  readonly prometheusUrl: string;
  /** The folder of Perses DashboardResource JSON files. */
  readonly dashboardsDir: string;
  /** The built page (see ensureDashboardsBundle), or its build still under way. */
  readonly bundle: string | Promise<string>;
  readonly log?: Log;
}

export interface DashboardsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The same-origin path the page's Prometheus datasource uses (web/src/main.tsx). */
export const PROMETHEUS_PROXY_PATH = '/api/prometheus';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** Request headers passed on to Prometheus; cookies and the like stay here. */
const FORWARDED_HEADERS = ['accept', 'accept-encoding', 'content-type'];

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

function page(title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${refresh}<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#222}a{color:#1565c0}
li{margin:.4rem 0}.problem{color:#b71c1c}code{background:#f3f3f3;padding:0 .2rem}</style></head>
<body>${body}</body></html>`;
}

function listPage(
  dashboards: readonly DashboardEntry[],
  problems: readonly DashboardProblem[],
  state: BundleState,
  prometheusUrl: string,
  dashboardsDir: string,
): string {
  const items = dashboards
    .map(
      (dashboard) =>
        `<li><a data-dashboard="${escapeHtml(dashboard.name)}" href="/dashboards/${encodeURIComponent(dashboard.name)}">${escapeHtml(dashboard.title)}</a></li>`,
    )
    .join('\n');
  const problemItems = problems
    .map((problem) => `<li class="problem">${escapeHtml(problem.file)}: ${escapeHtml(problem.problem)}</li>`)
    .join('\n');
  const status =
    state.kind === 'building'
      ? '<p><b>The page is being built (first run only, usually 1-2 min); this list reloads itself.</b></p>'
      : state.kind === 'failed'
        ? `<p class="problem">The page could not be built: ${escapeHtml(state.error.message)}</p>`
        : '';
  return page(
    'Histogram demo dashboards',
    `<h1>Histogram demo dashboards</h1>${status}
<ul id="dashboards">${items || '<li>No dashboards found.</li>'}</ul>
${problemItems ? `<p>Files left out of ${escapeHtml(dashboardsDir)}:</p><ul>${problemItems}</ul>` : ''}
<p>Queries go to <code>${escapeHtml(prometheusUrl)}</code> through <code>${PROMETHEUS_PROXY_PATH}</code>.
Dashboards are read from <code>${escapeHtml(dashboardsDir)}</code>.</p>`,
    state.kind === 'building' ? 5 : undefined,
  );
}

type BundleState = { kind: 'building' } | { kind: 'ready'; dir: string } | { kind: 'failed'; error: Error };

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function proxy(request: IncomingMessage, response: ServerResponse, prometheusUrl: string, path: string) {
  const target = `${prometheusUrl}${path}`;
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const method = request.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
  try {
    const upstream = await fetch(target, { method, headers, body, signal: AbortSignal.timeout(120_000) });
    const out: Record<string, string> = { 'cache-control': 'no-store' };
    const type = upstream.headers.get('content-type');
    if (type) out['content-type'] = type;
    response.writeHead(upstream.status, out);
    response.end(Buffer.from(await upstream.arrayBuffer()));
  } catch (error) {
    // Prometheus' own error shape, so the panel shows the reason instead of a parse error.
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    send(
      response,
      502,
      'application/json',
      JSON.stringify({
        status: 'error',
        errorType: 'unavailable',
        error: `Prometheus at ${prometheusUrl} is unreachable (${reason}); start the stack or pass --prometheus-url`,
      }),
    );
  }
}

/** A file of the bundle, or undefined for a path outside it or missing. */
async function bundleFile(dir: string, path: string): Promise<Buffer | undefined> {
  const file = normalize(join(dir, path));
  if (!file.startsWith(dir + sep)) return undefined;
  return await readFile(file).catch(() => undefined);
}

/** The bundle's state as the server sees it, updated when its build ends. */
function trackBundle(bundle: string | Promise<string>, log: Log): () => BundleState {
  let state: BundleState = { kind: 'building' };
  Promise.resolve(bundle).then(
    (dir) => {
      state = { kind: 'ready', dir: normalize(dir) };
    },
    (error: unknown) => {
      state = { kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) };
      log(`The dashboards page could not be built: ${state.error.message}`);
    },
  );
  return () => state;
}

/** What every request reads: the proxy's target, the dashboards folder, the bundle's state now. */
interface ServerContext {
  readonly prometheusUrl: string;
  readonly dashboardsDir: string;
  readonly state: () => BundleState;
}

/** `/api/dashboards` (the list) and `/api/dashboards/<name>` (one resource); false for any other path. */
async function serveDashboardsApi(response: ServerResponse, path: string, dashboardsDir: string): Promise<boolean> {
  if (path === '/api/dashboards') {
    const { dashboards } = await readDashboards(dashboardsDir);
    const list = dashboards.map(({ name, title }) => ({ name, title, path: `/dashboards/${name}` }));
    send(response, 200, 'application/json', JSON.stringify(list));
    return true;
  }
  const apiMatch = /^\/api\/dashboards\/([^/]+)$/.exec(path);
  if (!apiMatch) return false;
  const name = decodeURIComponent(apiMatch[1] ?? '');
  const { dashboards } = await readDashboards(dashboardsDir);
  const found = dashboards.find((dashboard) => dashboard.name === name);
  if (!found) send(response, 404, 'text/plain; charset=utf-8', `no dashboard named ${name}\n`);
  else send(response, 200, 'application/json', JSON.stringify(found.resource));
  return true;
}

/**
 * `/dashboards/<name>` (the page's index.html) and `/assets/*` from the built bundle; while it
 * builds or after it failed, a page that says so. False for any other path.
 */
async function serveBundle(response: ServerResponse, path: string, state: BundleState): Promise<boolean> {
  const pageMatch = /^\/dashboards\/([^/]+)\/?$/.exec(path);
  if (!pageMatch && !path.startsWith('/assets/')) return false;
  if (state.kind !== 'ready') {
    const body =
      state.kind === 'failed'
        ? `<p class="problem">The page could not be built: ${escapeHtml(state.error.message)}</p>`
        : '<p>The page is being built (first run only, usually 1-2 min); this page reloads itself.</p>';
    send(response, 503, 'text/html; charset=utf-8', page('Building', body, state.kind === 'building' ? 5 : undefined));
    return true;
  }
  const file = await bundleFile(state.dir, pageMatch ? 'index.html' : path);
  if (!file) {
    send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
    return true;
  }
  const type = pageMatch ? CONTENT_TYPES['.html'] : CONTENT_TYPES[extname(path)];
  response.writeHead(200, {
    'content-type': type ?? 'application/octet-stream',
    // Asset names carry a content hash: cache them; index.html must always be fresh.
    'cache-control': pageMatch ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  response.end(file);
  return true;
}

/** Routes one request: the proxy, then (GET and HEAD only) the health paths, the list, the API and the bundle. */
async function handleRequest(request: IncomingMessage, response: ServerResponse, context: ServerContext) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path === PROMETHEUS_PROXY_PATH || path.startsWith(`${PROMETHEUS_PROXY_PATH}/`)) {
    await proxy(request, response, context.prometheusUrl, `${path.slice(PROMETHEUS_PROXY_PATH.length)}${url.search}`);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return;
  }
  if (path === '/favicon.ico') {
    response.writeHead(204);
    response.end();
    return;
  }
  if (path === '/-/healthy') return send(response, 200, 'text/plain; charset=utf-8', 'healthy\n');
  if (path === '/-/ready') {
    const state = context.state();
    if (state.kind === 'ready') return send(response, 200, 'text/plain; charset=utf-8', 'ready\n');
    const why = state.kind === 'failed' ? `build failed: ${state.error.message}` : 'building the page';
    return send(response, 503, 'text/plain; charset=utf-8', `${why}\n`);
  }
  if (path === '/' || path === '/index.html') {
    const { dashboards, problems } = await readDashboards(context.dashboardsDir);
    return send(
      response,
      200,
      'text/html; charset=utf-8',
      listPage(dashboards, problems, context.state(), context.prometheusUrl, context.dashboardsDir),
    );
  }
  if (await serveDashboardsApi(response, path, context.dashboardsDir)) return;
  if (await serveBundle(response, path, context.state())) return;
  send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
}

/** Listens on host:port; a taken port rejects with PortInUseError naming its holder. */
async function listen(server: Server, host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') return reject(error);
      describePortHolder(port).then(
        (holder) =>
          reject(
            new PortInUseError(host, port, holder, 'pass --dashboards-port <port> or stop what holds it', {
              cause: error,
            }),
          ),
        () => reject(error),
      );
    });
    server.listen({ host, port }, () => resolve());
  });
}

/**
 * Serves the dashboards page: `/` lists the dashboards (server-side, so it works while the
 * page builds), `/dashboards/<name>` is the page, `/api/dashboards[/<name>]` the JSON,
 * `/api/prometheus/*` a same-origin proxy to Prometheus, `/-/healthy` and `/-/ready` (bundle
 * built) for the stack. Resolves once listening; a taken port rejects with PortInUseError.
 */
export async function startDashboardsServer(options: DashboardsServerOptions): Promise<DashboardsServer> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? (() => {});
  const context: ServerContext = {
    prometheusUrl: options.prometheusUrl.replace(/\/+$/, ''),
    dashboardsDir: options.dashboardsDir,
    state: trackBundle(options.bundle, log),
  };
  const server: Server = createServer((request, response) => {
    handleRequest(request, response, context).catch((error: unknown) => {
      log(`dashboards server: ${request.url}: ${String(error)}`);
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `${String(error)}\n`);
      else response.end();
    });
  });
  await listen(server, host, options.port);
  const url = `http://${host}:${options.port}`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
