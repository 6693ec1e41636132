import { access, copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import type { StackState } from '../../src/stack/NativeStack.js';
import { CONFIG_FILES } from '../../src/stack/paths.js';
import { THANOS_INTERNAL_PORT_COUNT, THANOS_RECEIVERS } from '../../src/stack/thanos.js';
import { type RunningCli, runCli } from '../helpers/cli.js';
import { freePort, freePortBlock } from '../helpers/ports.js';
import { portFree } from '../helpers/probes.js';
import { startTestStack, type TestStack, THANOS_HOOK_TIMEOUT_MS } from './nativeStack.js';
import { expectSameReports, runAllPipelines, verifyAt, waitForTotals } from './thanosChecks.js';

const COUNT = 2000;

const tempDirs: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `histogram-demo-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

describe('the three pipelines through a Thanos cluster (stack up --thanos)', () => {
  let stack: TestStack;
  let apps: RunningCli;
  let observations: string;
  let thanosUrl: string;
  /** The hashring the cluster was started with: a copy of the repo's, so that a test may edit it. */
  let hashringSource: string;

  beforeAll(async () => {
    hashringSource = join(await tempDir('hashring'), 'hashring.json');
    await copyFile(CONFIG_FILES.thanosHashring, hashringSource);
    stack = await startTestStack(['--thanos-hashring', hashringSource], { thanos: true });
    thanosUrl = stack.thanosQueryUrl ?? '';
    observations = join(await tempDir('thanos-run'), 'observations.csv');
    apps = runAllPipelines(stack, { count: COUNT, seed: 1313, observations });
    await apps.waitFor('Staying up', 120_000);
    await waitForTotals(stack.prometheusUrl, COUNT);
    // Remote write has delivered the run: every test below reads what went through.
    await waitForTotals(thanosUrl, COUNT);
  }, THANOS_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await apps?.stop();
    await stack?.down();
    for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('lists the receivers and the query in stack status, all healthy', async () => {
    const status = await runCli(['stack', 'status', '--state-dir', stack.stateDir]);
    expect(status.code, status.stdout).toBe(0);
    for (const component of ['thanos-receive-1', 'thanos-receive-2', 'thanos-receive-3', 'thanos-query']) {
      expect(status.stdout).toMatch(new RegExp(`^${component} +healthy \\(pid \\d+\\)`, 'm'));
    }
  });

  it('reports the cluster in health: three receivers, the query reaching all three, remote write current', async () => {
    const health = await runCli(['health', '--state-dir', stack.stateDir]);
    expect(health.stdout).toMatch(/^ok +thanos-query .*reaches 3 of 3 receivers/m);
    expect(health.stdout).toMatch(/^ok +remote write .* s behind what it scraped/m);
    for (const receiver of ['thanos-receive-1', 'thanos-receive-2', 'thanos-receive-3']) {
      expect(health.stdout).toMatch(new RegExp(`^ok +${receiver} `, 'm'));
    }
  });

  it('stores every sample on all three receivers (replication factor 3), one series each after deduplication', async () => {
    // dedup=false is Thanos' switch to see each replica; PrometheusClient has no such parameter.
    const undeduplicated = async (query: string) => {
      const response = await fetch(`${thanosUrl}/api/v1/query?dedup=false&query=${encodeURIComponent(query)}`);
      const body = (await response.json()) as { data: { result: { metric: Record<string, string> }[] } };
      return body.data.result;
    };
    const replicas = await undeduplicated('count by (receive_replica) (up{job="prometheus"})');
    expect(replicas.map((entry) => entry.metric.receive_replica).sort()).toEqual(['1', '2', '3']);
    expect(await new PrometheusClient(thanosUrl).value('count(up{job="prometheus"})')).toBe(1);
  });

  it('verify via the Thanos query exits 0 and agrees with verify against Prometheus itself', async () => {
    const direct = await verifyAt(stack.prometheusUrl, observations);
    const through = await verifyAt(thanosUrl, observations);
    expect(direct.report.verdict).toBe('agree');
    expect(through.report.disagreements).toEqual([]);
    expect(through.report.verdict).toBe('agree');
    expect(through.code).toBe(0);
    expectSameReports(through.report, direct.report);
  });

  it('shows the receivers and the query in stack logs', async () => {
    const logs = await runCli(['stack', 'logs', '--state-dir', stack.stateDir]);
    for (const component of ['thanos-receive-1', 'thanos-receive-2', 'thanos-receive-3', 'thanos-query']) {
      expect(logs.stdout).toContain(`== ${component} (`);
    }
    const query = await runCli(['stack', 'logs', 'thanos-query', '--state-dir', stack.stateDir]);
    expect(query.stdout).toMatch(/starting query node/);
  });

  it('keeps the running cluster on stack up --thanos again: the hashring file is not touched', async () => {
    const hashring = join(stack.stateDir, 'thanos-hashring.json');
    const before = await stat(hashring);
    // The very command line that started it.
    const up = await runCli(['stack', 'up', '--native', ...stack.upArgs, '--thanos-hashring', hashringSource], {
      timeoutMs: 300_000,
    });
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    expect(up.stdout).toContain(
      'Keeping collector, thanos-receive-1, thanos-receive-2, thanos-receive-3, thanos-query, prometheus',
    );
    const after = await stat(hashring);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    for (const receiver of THANOS_RECEIVERS) {
      const log = await readFile(join(stack.stateDir, 'logs', `${receiver}.log`), 'utf8');
      expect(log, receiver).not.toContain('unexpected end of JSON input');
    }
  }, 300_000);

  /** `stack up` on the running cluster: refused in one line (exit 2), the cluster and its hashring untouched. */
  async function expectRefused(extraArgs: readonly string[], line: string): Promise<void> {
    const hashring = join(stack.stateDir, 'thanos-hashring.json');
    const before = {
      file: await readFile(hashring, 'utf8'),
      state: await readFile(join(stack.stateDir, 'stack.json'), 'utf8'),
    };
    const up = await runCli(['stack', 'up', '--native', ...stack.upArgs, ...extraArgs], { timeoutMs: 300_000 });
    expect(up.stderr).toBe(`${line}\n`);
    expect(up.code).toBe(2);
    expect(await readFile(hashring, 'utf8')).toBe(before.file);
    const pids = (text: string) => Object.values((JSON.parse(text) as StackState).processes).map((entry) => entry.pid);
    expect(pids(await readFile(join(stack.stateDir, 'stack.json'), 'utf8'))).toEqual(pids(before.state));
    const status = await runCli(['stack', 'status', '--state-dir', stack.stateDir]);
    expect(status.code, status.stdout).toBe(0);
  }

  it('refuses another --thanos-hashring, or another port, on the running cluster in one line', async () => {
    const other = join(await tempDir('other-hashring'), 'hashring.json');
    await copyFile(hashringSource, other);
    const { stateDir } = stack;
    await expectRefused(
      ['--thanos-hashring', other],
      `histogram-demo: --thanos-hashring ${other}: the stack in ${stateDir} runs with ${hashringSource}; drop --thanos-hashring, or stop that stack first (stack down --state-dir ${stateDir})`,
    );
    const running = new URL(stack.prometheusUrl).port;
    const otherPort = String(await freePort());
    await expectRefused(
      ['--prometheus-port', otherPort],
      `histogram-demo: --prometheus-port ${otherPort}: the stack in ${stateDir} runs with ${running}; drop --prometheus-port, or stop that stack first (stack down --state-dir ${stateDir})`,
    );
  }, 300_000);

  it('refuses the same hashring file once its content changed, saying how to apply it', async () => {
    const original = await readFile(hashringSource, 'utf8');
    await writeFile(hashringSource, original.replace('"ketama"', '"hashmod"'));
    try {
      const { stateDir } = stack;
      const line = `histogram-demo: --thanos-hashring ${hashringSource}: its content differs from ${join(stateDir, 'thanos-hashring.json')}, which the running stack in ${stateDir} reads; to apply it, stop that stack first (stack down --state-dir ${stateDir}), then run stack up again`;
      await expectRefused([], line);
      await expectRefused(['--thanos-hashring', hashringSource], line);
    } finally {
      await writeFile(hashringSource, original);
    }
  }, 300_000);
});

describe('stack up --thanos refuses bad input before starting anything', () => {
  let holder: Server | undefined;

  afterAll(async () => {
    await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
    for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  /** Free ports for every flag of `stack up --thanos`, and a fresh state folder. */
  async function freshThanosArgs() {
    const stateDir = await tempDir('thanos-bad');
    const ports: Record<string, number> = {};
    for (const flag of [
      '--otlp-grpc-port',
      '--otlp-http-port',
      '--otlp-exponential-port',
      '--collector-port',
      '--collector-native-port',
      '--health-port',
      '--prometheus-port',
      '--grafana-port',
      '--app-port',
      '--thanos-query-port',
    ]) {
      ports[flag] = await freePort();
    }
    const internal = await freePortBlock(THANOS_INTERNAL_PORT_COUNT);
    const args = [
      'stack',
      'up',
      '--native',
      '--thanos',
      '--no-dashboards',
      '--state-dir',
      stateDir,
      '--thanos-internal-ports',
      String(internal),
      ...Object.entries(ports).flatMap(([flag, port]) => [flag, String(port)]),
    ];
    for (let offset = 0; offset < THANOS_INTERNAL_PORT_COUNT; offset++) ports[`internal+${offset}`] = internal + offset;
    return { stateDir, ports, args };
  }

  async function expectNothingStarted(stateDir: string, ports: Record<string, number>, except?: number) {
    const stateFile = await access(join(stateDir, 'stack.json')).then(
      () => true,
      () => false,
    );
    expect(stateFile, 'stack.json written').toBe(false);
    for (const [flag, port] of Object.entries(ports)) {
      if (port !== except) expect(await portFree(port), `${flag} ${port} free`).toBe(true);
    }
  }

  it('a hashring naming a node that does not answer: one line naming it, exit 1', async () => {
    const { stateDir, ports, args } = await freshThanosArgs();
    const unreachable = `127.0.0.1:${await freePort()}`;
    const hashring = join(await tempDir('thanos-hashring'), 'hashring.json');
    await writeFile(
      hashring,
      JSON.stringify([
        { endpoints: ['thanos-receive-1:10901', 'thanos-receive-2:10901', 'thanos-receive-3:10901', unreachable] },
      ]),
    );
    const up = await runCli([...args, '--thanos-hashring', hashring], { timeoutMs: 120_000 });
    expect(up.code).toBe(1);
    expect(up.stderr.trim().split('\n')).toEqual([
      `histogram-demo: thanos: hashring file ${hashring} names ${unreachable}, which is not one of this stack's receivers (thanos-receive-1, thanos-receive-2, thanos-receive-3) and does not answer`,
    ]);
    await expectNothingStarted(stateDir, ports);
  });

  it.each([
    ['the Thanos query API port', '--thanos-query-port'],
    ['a receiver port', 'internal+6'],
  ])('%s in use: one line naming the port and its holder, exit 1', async (_label, which) => {
    const { stateDir, ports, args } = await freshThanosArgs();
    const taken = ports[which] ?? 0;
    holder = createServer();
    await new Promise<void>((resolve) => holder?.listen({ host: '127.0.0.1', port: taken }, resolve));
    const up = await runCli(args, { timeoutMs: 120_000 });
    await new Promise((resolve) => holder?.close(resolve));
    holder = undefined;
    expect(up.code).toBe(1);
    const lines = up.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^histogram-demo: port ${taken} on 127\\.0\\.0\\.1 is already in use.*Thanos`));
    await expectNothingStarted(stateDir, ports, taken);
  });
});
