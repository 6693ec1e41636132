import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FILE_UPLOADS_TOTAL } from '../../src/metrics/definitions.js';
import { type RunningCli, startCli } from '../helpers/cli.js';
import { readObservations } from '../helpers/observations.js';
import { freePort } from '../helpers/ports.js';
import { QUIET_OTEL_ENV } from './env.js';
import { expectExposition } from './promAssertions.js';
import { type ExpositionSample, parsePrometheusText, select } from './promText.js';

/** The direct (prom-client) app end to end: the compiled CLI, scraped like Prometheus would. */

let dir: string;
let running: RunningCli | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'direct-app-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
});

async function scrape(url: string): Promise<ExpositionSample[]> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(await response.text());
}

describe('the direct app', () => {
  it('serves /metrics whose buckets, sums, counts and counter equal the observations file', async () => {
    const port = await freePort();
    const file = join(dir, 'direct.csv');
    running = startCli(
      ['run', 'direct', '--count', '300', '--seed', '3', '--port', String(port), '--stay', '--observations', file],
      { env: QUIET_OTEL_ENV },
    );
    await running.waitFor('Staying up');
    expect(running.output()).toContain(`Direct app: Prometheus metrics at http://127.0.0.1:${port}/metrics`);
    expect(running.output()).not.toContain('Logfire app');

    const uploads = await readObservations(file);
    expect(uploads).toHaveLength(300);
    const samples = await scrape(`http://127.0.0.1:${port}/metrics`);
    expectExposition(samples, uploads, (metric) => metric.boundaries.seed);
    expect(select(samples, FILE_UPLOADS_TOTAL.name).reduce((sum, sample) => sum + sample.value, 0)).toBe(300);

    for (const path of ['/', '/metric', '/metrics/x', '/v1/metrics']) {
      expect((await fetch(`http://127.0.0.1:${port}${path}`)).status, path).toBe(404);
    }

    expect(await running.stop('SIGTERM')).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('serves the fine layout with --buckets fine, and stops on SIGINT with exit code 0', async () => {
    const port = await freePort();
    const file = join(dir, 'fine.csv');
    running = startCli(
      [
        'run',
        'direct',
        '--count',
        '100',
        '--buckets',
        'fine',
        '--port',
        String(port),
        '--stay',
        '--observations',
        file,
      ],
      { env: QUIET_OTEL_ENV },
    );
    await running.waitFor('Staying up');
    const uploads = await readObservations(file);
    expectExposition(await scrape(`http://127.0.0.1:${port}/metrics`), uploads, (metric) => metric.boundaries.fine);
    expect(await running.stop('SIGINT')).toBe(0);
  });
});
