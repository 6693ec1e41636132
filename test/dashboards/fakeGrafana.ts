/**
 * A small HTTP server that answers the few Grafana API calls `dashboards import` makes and
 * records every request: the only stand-in for Grafana, which cannot be installed here. Its
 * answers follow Grafana's documented HTTP API (status codes and the fields the client reads).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

export interface FakeGrafanaOptions {
  /** How many /api/health calls answer 503 before it answers 200. */
  readonly healthFailures?: number;
  /** Whether the datasource uid is already there (GET answers 200) or not (404). */
  readonly datasourceExists?: boolean;
  /** The Authorization header Grafana accepts; any other gets 401 (as Grafana does for a bad login). */
  readonly acceptAuthorization?: string;
  /** Answer 403 to writes, as Grafana does for a Viewer. */
  readonly forbidWrites?: boolean;
  /** Refuse dashboard saves, e.g. 400 "Cannot save provisioned dashboard". */
  readonly rejectDashboards?: { readonly status: number; readonly message: string };
  /** Served under a sub-path (Grafana's root_url with serve_from_sub_path), e.g. "/grafana". */
  readonly subPath?: string;
}

export interface FakeGrafana {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export async function startFakeGrafana(options: FakeGrafanaOptions = {}): Promise<FakeGrafana> {
  const requests: RecordedRequest[] = [];
  const subPath = options.subPath ?? '';
  let healthFailures = options.healthFailures ?? 0;
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const path = (request.url ?? '').replace(subPath, '');
      const method = request.method ?? '';
      requests.push({
        method,
        path,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body,
      });
      if (method === 'GET' && path === '/api/health') {
        if (healthFailures > 0) {
          healthFailures -= 1;
          send(response, 503, { database: 'failing' });
        } else {
          send(response, 200, { database: 'ok', version: '12.4.2' });
        }
        return;
      }
      if (options.acceptAuthorization !== undefined && request.headers.authorization !== options.acceptAuthorization) {
        send(response, 401, { message: 'Invalid username or password' });
        return;
      }
      if (options.forbidWrites && method === 'POST') {
        send(response, 403, { message: 'You do not have permission to perform this action' });
        return;
      }
      const datasource = /^\/api\/datasources\/uid\/([^/]+)$/.exec(path);
      if (method === 'GET' && datasource) {
        if (options.datasourceExists) {
          send(response, 200, { uid: decodeURIComponent(datasource[1] ?? ''), type: 'prometheus', name: 'Prometheus' });
        } else {
          send(response, 404, { message: 'Data source not found' });
        }
        return;
      }
      if (method === 'POST' && path === '/api/datasources') {
        send(response, 200, { id: 1, message: 'Datasource added', name: 'Prometheus', datasource: body });
        return;
      }
      if (method === 'POST' && path === '/api/dashboards/db' && options.rejectDashboards) {
        send(response, options.rejectDashboards.status, { message: options.rejectDashboards.message });
        return;
      }
      if (method === 'POST' && path === '/api/dashboards/db') {
        const uid = (body as { dashboard?: { uid?: string } } | undefined)?.dashboard?.uid ?? 'none';
        send(response, 200, {
          id: 7,
          uid,
          url: `${subPath}/d/${uid}/${uid}`,
          status: 'success',
          version: 1,
          slug: uid,
        });
        return;
      }
      send(response, 404, { message: 'Not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${subPath}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
