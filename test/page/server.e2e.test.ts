import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError } from '../../src/errors/PortInUseError.js';
import { type DashboardsServer, startDashboardsServer } from '../../src/page/server.js';
import { freePort } from '../helpers/ports.js';

const DASHBOARD = {
  kind: 'Dashboard',
  metadata: { name: 'alpha', project: 'histogram-demo' },
  spec: { display: { name: 'Alpha <uploads>' }, duration: '5m', panels: {}, layouts: [] },
};

describe('dashboards server (no bundle, no Prometheus)', () => {
  let dir: string;
  let bundleDir: string;
  let server: DashboardsServer;
  let finishBuild: (dir: string) => void = () => {};
  let deadPrometheus: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'histogram-demo-page-'));
    bundleDir = await mkdtemp(join(tmpdir(), 'histogram-demo-bundle-'));
    await writeFile(join(dir, 'a.json'), JSON.stringify(DASHBOARD));
    await writeFile(join(dir, 'b.json'), '{"kind": "Dashboard",');
    await writeFile(join(dir, 'c.json'), JSON.stringify({ ...DASHBOARD, kind: 'Datasource' }));
    await writeFile(join(dir, 'notes.txt'), 'not a dashboard');
    await writeFile(join(bundleDir, 'index.html'), '<!doctype html><title>page</title>');
    // Nothing listens on this port: the proxy must say so in Prometheus' own error shape.
    deadPrometheus = `http://127.0.0.1:${await freePort()}`;
    const bundle = new Promise<string>((resolve) => {
      finishBuild = resolve;
    });
    server = await startDashboardsServer({
      port: await freePort(),
      prometheusUrl: deadPrometheus,
      dashboardsDir: dir,
      bundle,
    });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
    await rm(bundleDir, { recursive: true, force: true });
  });

  it('lists every dashboard with a link, escapes titles, and names the files it left out', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<a data-dashboard="alpha" href="/dashboards/alpha">Alpha &lt;uploads&gt;</a>');
    expect(html).toMatch(/b\.json: not JSON/);
    expect(html).toContain('c.json: kind is &quot;Datasource&quot;, not &quot;Dashboard&quot;');
    expect(html).not.toContain('notes.txt');
    expect(await (await fetch(`${server.url}/api/dashboards`)).json()).toEqual([
      { name: 'alpha', title: 'Alpha <uploads>', path: '/dashboards/alpha' },
    ]);
    expect(await (await fetch(`${server.url}/api/dashboards/alpha`)).json()).toEqual(DASHBOARD);
    expect((await fetch(`${server.url}/api/dashboards/missing`)).status).toBe(404);
  });

  it('is healthy at once, ready only once the bundle is built, and serves the page then', async () => {
    expect((await fetch(`${server.url}/-/healthy`)).status).toBe(200);
    expect((await fetch(`${server.url}/-/ready`)).status).toBe(503);
    const building = await fetch(`${server.url}/dashboards/alpha`);
    expect(building.status).toBe(503);
    expect(await building.text()).toContain('being built');
    finishBuild(bundleDir);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await fetch(`${server.url}/-/ready`)).status).toBe(200);
    const page = await fetch(`${server.url}/dashboards/alpha`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>page</title>');
    expect((await fetch(`${server.url}/assets/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('answers a proxied query to an unreachable Prometheus with a 502 that says what to do', async () => {
    const response = await fetch(`${server.url}/api/prometheus/api/v1/query?query=up`);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { status: string; error: string };
    expect(body.status).toBe('error');
    expect(body.error).toContain(`Prometheus at ${deadPrometheus} is unreachable`);
    expect(body.error).toContain('--prometheus-url');
  });

  it('refuses a taken port with PortInUseError naming the flag', async () => {
    const holder = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', () => resolve()));
    try {
      const started = startDashboardsServer({
        port,
        prometheusUrl: deadPrometheus,
        dashboardsDir: dir,
        bundle: bundleDir,
      });
      await expect(started).rejects.toBeInstanceOf(PortInUseError);
      await expect(started).rejects.toThrow(/--dashboards-port/);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
