import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORTS } from '../../src/config/ports.js';
import { checkHealth } from '../../src/stack/health.js';
import { freePort } from '../helpers/ports.js';

/**
 * Another program on Prometheus' port (here a web server that answers every path with a page)
 * must give `health` a line that says so, not a JSON.parse exception.
 */
describe('health, when something other than Prometheus holds its port', () => {
  let server: Server;
  let prometheus: number;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html><body>Welcome to nginx!</body></html>');
    });
    prometheus = await freePort();
    await new Promise<void>((resolve) => server.listen(prometheus, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('says the target list could not be read, and counts it as down', async () => {
    const closed = await freePort();
    const ports = {
      ...DEFAULT_PORTS,
      otlpGrpc: closed,
      otlpHttp: closed,
      otlpExponentialHttp: closed,
      collectorPrometheus: closed,
      collectorNativePrometheus: closed,
      collectorHealth: closed,
      prometheus,
      grafana: closed,
      directApp: closed,
    };
    const lines = await checkHealth(ports);
    const targets = lines.find((line) => line.name.trim() === 'scrape targets');
    expect(targets).toEqual({
      name: '  scrape targets',
      ok: false,
      detail: `http://127.0.0.1:${prometheus}/api/v1/targets?state=active HTTP 200: no target list`,
    });
    expect(lines.find((line) => line.name === 'collector')?.ok).toBe(false);
  });
});
