import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DASHBOARDS_DIR } from '../../src/stack/grafana.js';
import { startTestStack, type TestStack } from '../e2e/nativeStack.js';
import { type CliResult, runCli } from '../helpers/cli.js';

/**
 * Grafana cannot be installed here, so a stand-in `grafana` on PATH answers /api/health and
 * records how the runner started it: the only fake, for the only part that cannot run.
 */
const FAKE_GRAFANA = `#!/usr/bin/env node
const { createServer } = require('node:http');
const { writeFileSync } = require('node:fs');
writeFileSync(process.env.FAKE_GRAFANA_RECORD, JSON.stringify({ argv: process.argv.slice(2), env: process.env }));
createServer((request, response) => {
  response.writeHead(request.url === '/api/health' ? 200 : 404, { 'Content-Type': 'application/json' });
  response.end('{"database":"ok"}');
}).listen(Number(process.env.GF_SERVER_HTTP_PORT), process.env.GF_SERVER_HTTP_ADDR);
`;

interface Recorded {
  argv: string[];
  env: Record<string, string>;
}

describe('the native stack with a Grafana binary on PATH', () => {
  let stack: TestStack;
  let record: string;
  let status: CliResult;
  let bin: string | undefined;
  const previousPath = process.env.PATH;

  beforeAll(async () => {
    bin = await mkdtemp(join(tmpdir(), 'histogram-demo-fake-grafana-'));
    record = join(bin, 'record.json');
    await writeFile(
      join(bin, 'grafana'),
      FAKE_GRAFANA.replace('#!/usr/bin/env node', '#!/usr/bin/env node\n"use strict";'),
    );
    await writeFile(join(bin, 'package.json'), '{"type":"commonjs"}');
    await chmod(join(bin, 'grafana'), 0o755);
    process.env.PATH = `${bin}:${process.env.PATH}`;
    process.env.FAKE_GRAFANA_RECORD = record;
    process.env.GRAFANA_ADMIN_PASSWORD = 's3cret-for-test';
    stack = await startTestStack();
    status = await runCli(['stack', 'status', '--state-dir', stack.stateDir]);
  });

  afterAll(async () => {
    try {
      await stack?.down();
    } finally {
      process.env.PATH = previousPath;
      delete process.env.FAKE_GRAFANA_RECORD;
      delete process.env.GRAFANA_ADMIN_PASSWORD;
      if (bin) await rm(bin, { recursive: true, force: true });
    }
  });

  it('starts it as `grafana server`, on loopback, and reports it healthy', async () => {
    const recorded = JSON.parse(await readFile(record, 'utf8')) as Recorded;
    // Its data folder on the command line ties the process to this stack's state folder (stack down
    // through a copy of the folder must not stop it).
    expect(recorded.argv).toEqual(['server', `cfg:default.paths.data=${join(stack.stateDir, 'grafana', 'data')}`]);
    expect(recorded.env.GF_SERVER_HTTP_ADDR).toBe('127.0.0.1');
    expect(status.stdout, status.stdout).toMatch(/^grafana\s+healthy/m);
    expect(status.code).toBe(0);
  });

  it('gives it the admin password from GRAFANA_ADMIN_PASSWORD and never prints it', async () => {
    const recorded = JSON.parse(await readFile(record, 'utf8')) as Recorded;
    expect(recorded.env.GF_SECURITY_ADMIN_PASSWORD).toBe('s3cret-for-test');
    const logs = await runCli(['stack', 'logs', '--state-dir', stack.stateDir]);
    expect(`${status.stdout}${logs.stdout}`).not.toContain('s3cret-for-test');
  });

  it("provisions the repo's datasource and dashboards, pointed at the Prometheus it started", async () => {
    const recorded = JSON.parse(await readFile(record, 'utf8')) as Recorded;
    const provisioning = recorded.env.GF_PATHS_PROVISIONING as string;
    const datasources = parse(await readFile(join(provisioning, 'datasources', 'prometheus.yml'), 'utf8')) as {
      datasources: { uid: string; url: string }[];
    };
    expect(datasources.datasources[0]?.url).toBe(stack.prometheusUrl);
    expect(datasources.datasources[0]?.uid).toBe('prometheus-histogram-demo');
    const providers = parse(await readFile(join(provisioning, 'dashboards', 'histogram-demo.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    expect(providers.providers[0]?.options.path).toBe(DASHBOARDS_DIR);
    expect(recorded.env.GF_PATHS_DATA?.startsWith(stack.stateDir)).toBe(true);
  });

  it('checks Grafana in `health` once it started it', async () => {
    const health = await runCli(['health', '--state-dir', stack.stateDir]);
    expect(health.stdout).toMatch(/^ok\s+grafana\s/m);
  });
});
