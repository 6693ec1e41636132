import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/net/poll.js';
import { ensurePrometheus } from '../../src/stack/binaries.js';
import { ensurePrometheusUi } from '../../src/stack/prometheusUi.js';
import { freePort } from '../helpers/ports.js';

/**
 * A first start from source starts Prometheus before its web UI is built, in the folder the UI
 * lands in later (stack/prometheusUi.ts). What that relies on is the real Prometheus' own
 * behaviour: it reads ./web/ui/static at each request, so a UI moved in after it started is
 * served from then on, and its API answers without one.
 */
let dir = '';
let prometheus: ChildProcess | undefined;
let url = '';
let builtUi = '';

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(`${url}${path}`, { redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

beforeAll(async () => {
  // The source build (a release embeds its UI) and a built UI, from the cache (built on a cold machine).
  const { prometheus: binary } = await ensurePrometheus(() => {}, process.env, { fromSource: true });
  builtUi = join(await ensurePrometheusUi(() => {}), 'web/ui/static/mantine-ui');
  dir = await mkdtemp(join(tmpdir(), 'prometheus-ui-'));
  const workingDir = join(dir, 'prometheus');
  await mkdir(join(workingDir, 'web/ui/static'), { recursive: true });
  await writeFile(join(dir, 'prometheus.yml'), 'global: { scrape_interval: 15s }\n');
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { cwd: workingDir, stdio: 'ignore' },
  );
  const ready = await pollUntil(async () => (await get('/-/ready').catch(() => undefined))?.status === 200, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  if (!ready) throw new Error(`Prometheus at ${url} never got ready`);
}, 1_200_000);

afterAll(async () => {
  if (prometheus?.exitCode === null) {
    const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a source-built Prometheus started before its web UI is built', () => {
  it('answers its API, and says the Graph tab has no index.html yet', async () => {
    expect((await get('/api/v1/status/buildinfo')).status).toBe(200);
    const graph = await get('/query');
    expect(graph.status).toBe(500);
    expect(graph.body).toContain('web/ui/static/mantine-ui/index.html');
  });

  it('serves the UI moved into its folder afterwards (one rename, as ensurePrometheusUi does), assets included', async () => {
    const staged = join(dir, 'staged');
    await cp(builtUi, staged, { recursive: true });
    await rename(staged, join(dir, 'prometheus/web/ui/static/mantine-ui'));

    const graph = await get('/query');
    expect(graph.status).toBe(200);
    expect(graph.type).toContain('text/html');
    expect(graph.body).toContain('<div id="root">');
    const script = (await readdir(join(builtUi, 'assets'))).find((name) => name.endsWith('.js'));
    expect(script).toBeDefined();
    const asset = await get(`/assets/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.type).toContain('javascript');
  });
});
