import { spawnSync } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import type { StackState } from '../../src/stack/NativeStack.js';
import { type RunningCli, runCli, startCli } from '../helpers/cli.js';
import { readObservations } from '../helpers/observations.js';
import { freePort } from '../helpers/ports.js';
import { alive, portFree } from '../helpers/probes.js';
import { expectValues, startTestStack, type TestStack } from './nativeStack.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COLLECTOR_CONFIG = join(ROOT, 'configs/otel-collector/otelcol-config.yml');
const PROMETHEUS_CONFIG = join(ROOT, 'configs/prometheus/prometheus.yml');
/** Every app exports each second, so a test waits on the 5 s scrape rather than the 5 s export. */
const FAST_EXPORT = { OTEL_METRIC_EXPORT_INTERVAL: '1000' };
/** How the tests wait on Prometheus: a minute, asking twice a second. */
const POLL = { timeout: 60_000, interval: 500 };

/** Temporary folders of this file, removed after all its tests. */
const tempDirs: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `histogram-demo-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function exists(path: string): Promise<boolean> {
  return await access(path).then(
    () => true,
    () => false,
  );
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function readState(stateDir: string): Promise<StackState> {
  return JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as StackState;
}

function pidOf(state: StackState, component: 'collector' | 'prometheus'): number {
  const pid = state.processes[component]?.pid;
  if (pid === undefined) throw new Error(`no ${component} in the stack state`);
  return pid;
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Uploads written to an observations file so far (the last line may still be partial). */
async function completeLines(file: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  return Math.max(0, lines.length - 2);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `stack up` again on the same state folder: restarts only what is not running, with the first up's ports. */
async function upAgain(stack: TestStack) {
  const up = await runCli(['stack', 'up', '--native', '--state-dir', stack.stateDir], { timeoutMs: 600_000 });
  expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
  return up;
}

/** A counter's total over raw [time, value] samples, a drop being a restart from zero. */
function countedAcrossResets(values: readonly [number, number][]): number {
  let total = values[0]?.[1] ?? 0;
  for (let index = 1; index < values.length; index += 1) {
    const previous = (values[index - 1] as [number, number])[1];
    const current = (values[index] as [number, number])[1];
    total += current >= previous ? current - previous : current;
  }
  return total;
}

function runBoth(stack: TestStack, args: readonly string[]): RunningCli {
  return startCli(['run', 'both', '--stay', ...stack.appArgs, ...args], { env: FAST_EXPORT });
}

/** Free ports for every flag of `stack up`, and a fresh state folder. */
async function freshStackArgs() {
  const stateDir = await tempDir('resilience-state');
  const ports = {
    '--otlp-grpc-port': await freePort(),
    '--otlp-http-port': await freePort(),
    '--otlp-exponential-port': await freePort(),
    '--collector-port': await freePort(),
    '--collector-native-port': await freePort(),
    '--health-port': await freePort(),
    '--prometheus-port': await freePort(),
    '--grafana-port': await freePort(),
    '--app-port': await freePort(),
  };
  const args = [
    '--state-dir',
    stateDir,
    '--no-dashboards',
    ...Object.entries(ports).flatMap(([flag, port]) => [flag, String(port)]),
  ];
  return { stateDir, ports, args };
}

/** Nothing started: no state file of running processes, and every port of the stack still free. */
async function expectNothingStarted(stateDir: string, ports: Record<string, number>, except?: number) {
  expect(await exists(join(stateDir, 'stack.json')), 'stack.json written').toBe(false);
  for (const [flag, port] of Object.entries(ports)) {
    if (port !== except) expect(await portFree(port), `${flag} ${port} free`).toBe(true);
  }
}

describe('a collector outage while the Logfire app records', () => {
  let stack: TestStack;
  let app: RunningCli | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await app?.stop();
    await stack?.down();
  });

  it('loses nothing: Prometheus converges to every upload once the collector is back', async () => {
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    const observations = join(await tempDir('outage'), 'observations.csv');
    // 1200 uploads at 20/s: a minute of real-time recording, the outage in the middle of it.
    app = startCli(
      [
        'run',
        'logfire',
        '--rate',
        '20',
        '--count',
        '1200',
        '--stay',
        '--otlp-endpoint',
        stack.otlpEndpoint,
        '--observations',
        observations,
      ],
      { env: FAST_EXPORT },
    );
    await app.waitFor('Recording uploads', 60_000);
    await sleep(5000);
    // The pipeline works before the outage.
    await expect
      .poll(async () => (await prometheus.value('sum(logfire_uploaded_file_bytes_count)')) ?? 0, POLL)
      .toBeGreaterThan(0);

    const collectorPid = pidOf(await readState(stack.stateDir), 'collector');
    const stop = await runCli(['stack', 'stop', 'collector', '--state-dir', stack.stateDir]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toContain('Stopped collector');
    const outageStarted = Date.now();
    expect(alive(collectorPid)).toBe(false);
    const beforeOutage = (await prometheus.value('sum(logfire_uploaded_file_bytes_count)')) ?? 0;

    // Down for 30 s while the app keeps recording: it says so once, and Prometheus sees the target down.
    await expect.poll(() => app?.output(), { timeout: 30_000 }).toContain('cannot deliver metrics');
    await expect.poll(() => prometheus.value('up{job="otel-collector"}'), { ...POLL, timeout: 30_000 }).toBe(0);
    await sleep(Math.max(0, outageStarted + 30_000 - Date.now()));
    expect(app.child.exitCode, app.output()).toBeNull();

    const up = await upAgain(stack);
    const collectorBack = Date.now();
    const outage = collectorBack - outageStarted;
    expect(up.stdout).toContain('Keeping prometheus');
    const state = await readState(stack.stateDir);
    expect(pidOf(state, 'collector')).not.toBe(collectorPid);

    // The backlog: every upload recorded until the collector was back, outage included.
    const backlog = await completeLines(observations);
    expect(backlog).toBeGreaterThan(beforeOutage);
    await expect
      .poll(async () => (await prometheus.value('sum(logfire_uploaded_file_bytes_count)')) ?? 0, {
        ...POLL,
        timeout: 120_000,
      })
      .toBeGreaterThanOrEqual(backlog);
    const backlogDelivered = Date.now();

    await app.waitFor('Staying up', 180_000);
    const allRecorded = Date.now();
    const uploads = await readObservations(observations);
    expect(uploads).toHaveLength(1200);
    await expectValues(prometheus, ['sum(logfire_uploaded_file_bytes_count)'], uploads.length, 180_000);
    const converged = Date.now();
    expect(await prometheus.value('sum(logfire_uploaded_file_bytes_count)')).toBe(uploads.length);
    expect(beforeOutage).toBeLessThan(uploads.length);

    const output = app.output();
    expect(occurrences(output, 'cannot deliver metrics'), output).toBe(1);
    expect(output).toContain('answers again');
    const figures =
      `collector outage: down ${seconds(outage)} (stop to healthy again); ` +
      `the ${backlog} uploads recorded until then (${beforeOutage} delivered before the outage) were in ` +
      `Prometheus ${seconds(backlogDelivered - collectorBack)} after the collector was back; ` +
      `all ${uploads.length} ${seconds(converged - allRecorded)} after the last upload was recorded`;
    console.log(figures);
    // scripts/resilience-figures.sh sets it: the README's resilience block is this line, not a copy.
    const figuresFile = process.env.HISTOGRAM_DEMO_RESILIENCE_FIGURES;
    if (figuresFile) await writeFile(figuresFile, `${figures}\n`);
  }, 420_000);
});

describe('a Prometheus restart', () => {
  let stack: TestStack;
  let apps: RunningCli | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await apps?.stop();
    await stack?.down();
  });

  it('keeps the history in the state folder and resumes scraping', async () => {
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    apps = runBoth(stack, ['--count', '500']);
    await apps.waitFor('Staying up', 120_000);
    await expectValues(prometheus, ['sum(uploaded_file_bytes_count)', 'sum(logfire_uploaded_file_bytes_count)'], 500);
    const t = Date.now() / 1000;
    const atT = prometheus.at(t);
    expect(await atT.value('sum(uploaded_file_bytes_count)')).toBe(500);
    expect(await atT.value('sum(logfire_uploaded_file_bytes_count)')).toBe(500);
    const window = 'count_over_time(up{job="direct-app"}[15m])';
    const samplesBefore = (await prometheus.value(window)) ?? 0;
    expect(samplesBefore).toBeGreaterThan(0);

    const before = await readState(stack.stateDir);
    const stop = await runCli(['stack', 'stop', 'prometheus', '--state-dir', stack.stateDir]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toContain('Stopped prometheus');
    expect(alive(pidOf(before, 'prometheus'))).toBe(false);
    expect(await answers(`${stack.prometheusUrl}/-/ready`)).toBe(false);

    const up = await upAgain(stack);
    const restarted = Date.now() / 1000;
    expect(up.stdout).toContain('Keeping collector');
    const after = await readState(stack.stateDir);
    expect(pidOf(after, 'collector')).toBe(pidOf(before, 'collector'));
    expect(pidOf(after, 'prometheus')).not.toBe(pidOf(before, 'prometheus'));

    // The TSDB in the state folder survived: the value at T is still there.
    expect(await atT.value('sum(uploaded_file_bytes_count)')).toBe(500);
    expect(await atT.value('sum(logfire_uploaded_file_bytes_count)')).toBe(500);
    // And the series resume: samples newer than the restart, more of them than before.
    await expect
      .poll(async () => (await prometheus.value('max(timestamp(up{job="direct-app"} == 1))')) ?? 0, POLL)
      .toBeGreaterThan(restarted);
    await expect
      .poll(async () => (await prometheus.value('max(timestamp(logfire_uploaded_file_bytes_count))')) ?? 0, POLL)
      .toBeGreaterThan(restarted);
    await expect.poll(async () => (await prometheus.value(window)) ?? 0, POLL).toBeGreaterThan(samplesBefore);
    await expectValues(prometheus, ['sum(uploaded_file_bytes_count)', 'sum(logfire_uploaded_file_bytes_count)'], 500);
  }, 300_000);
});

describe('an app restart', () => {
  let stack: TestStack;
  let apps: RunningCli | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await apps?.stop();
    await stack?.down();
  });

  it('resets both pipelines alike: rates never negative, both runs held across the reset, verify agrees', async () => {
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    const both = ['sum(uploaded_file_bytes_count)', 'sum(logfire_uploaded_file_bytes_count)'];
    apps = runBoth(stack, ['--count', '400']);
    await apps.waitFor('Staying up', 120_000);
    await expectValues(prometheus, both, 400);
    expect(await apps.stop('SIGTERM'), apps.output()).toBe(0);

    const observations = join(await tempDir('restart'), 'observations.csv');
    apps = runBoth(stack, ['--count', '300', '--seed', '7', '--observations', observations]);
    await apps.waitFor('Staying up', 120_000);
    await expectValues(prometheus, both, 300);
    // A few more scrapes after the reset, so that rate windows span it.
    await sleep(15_000);

    for (const name of ['uploaded_file_bytes_count', 'logfire_uploaded_file_bytes_count']) {
      const minRate = await prometheus.value(`min(min_over_time(rate(${name}[30s])[3m:5s]))`);
      expect(minRate, `min rate of ${name}`).toBeDefined();
      expect(minRate, `min rate of ${name}`).toBeGreaterThanOrEqual(0);
      // Both runs are held across the reset: summed reset-aware over the raw samples (the first
      // sample, every rise, and after a drop the new value), every series adds up to its share of
      // 400 + 300, whenever the scrapes fell.
      const series = await prometheus.queryMatrix(`${name}[5m]`);
      expect(
        series.reduce((total, { values }) => total + countedAcrossResets(values), 0),
        `${name}`,
      ).toBe(700);
      expect(await prometheus.value(`sum(resets(${name}[5m]))`), `resets of ${name}`).toBeGreaterThanOrEqual(1);
      // increase() counts only from each series' first sample, which may already hold the first
      // run (recorded in well under a scrape interval): it must see the reset and count the second
      // run in full, and can never exceed both runs (plus its extrapolation to the window's ends).
      const increase = await prometheus.value(`sum(increase(${name}[5m]))`);
      expect(increase, `increase of ${name}`).toBeGreaterThanOrEqual(300);
      expect(increase, `increase of ${name}`).toBeLessThan(700 * 1.2);
    }

    const verify = await runCli([
      'verify',
      '--summary',
      '--prometheus-url',
      stack.prometheusUrl,
      '--observations',
      observations,
    ]);
    expect(verify.code, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    expect(verify.stdout).toContain('300');
  }, 300_000);
});

describe('stack up refuses a broken config before starting anything', () => {
  let work: string;
  const stateDirs: string[] = [];

  beforeAll(async () => {
    work = await tempDir('broken-configs');
  });

  afterEach(async () => {
    // Should anything have started after all, stop it.
    for (const stateDir of stateDirs.splice(0)) await runCli(['stack', 'down', '--state-dir', stateDir]);
  });

  async function upWith(flag: '--collector-config' | '--prometheus-config', file: string) {
    const fresh = await freshStackArgs();
    stateDirs.push(fresh.stateDir);
    const result = await runCli(['stack', 'up', '--native', flag, file, ...fresh.args], { timeoutMs: 600_000 });
    return { ...fresh, result };
  }

  async function brokenCopy(source: string, name: string, from: string, to: string): Promise<string> {
    const text = await readFile(source, 'utf8');
    expect(text).toContain(from);
    const file = join(work, name);
    await writeFile(file, text.replace(from, to));
    return file;
  }

  function expectShortError(stderr: string, file: string) {
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^histogram-demo: /);
    expect(lines.length, stderr).toBe(1);
    expect(stderr).toContain(file);
  }

  interface BrokenConfig {
    readonly name: string;
    readonly flag: '--collector-config' | '--prometheus-config';
    readonly from: string;
    readonly to: string;
    /** What the validator must say; a function of the broken file's text where the line number matters. */
    readonly says: (text: string) => string;
  }

  const cases: BrokenConfig[] = [
    {
      name: 'a collector config referencing an exporter it does not define',
      flag: '--collector-config',
      from: 'exporters: [prometheus, debug]',
      to: 'exporters: [prometheus, debug, otlphttp/missing]',
      says: () => 'references exporter "otlphttp/missing" which is not configured',
    },
    {
      name: 'a collector config with an unknown exporter key',
      flag: '--collector-config',
      from: '    namespace: logfire\n',
      to: '    namespace: logfire\n    bogus_key: true\n',
      says: () => 'invalid keys: bogus_key',
    },
    {
      // promtool gives no line for a bad duration; it names the value.
      name: 'a prometheus.yml with an invalid duration',
      flag: '--prometheus-config',
      from: 'scrape_interval: 5s',
      to: 'scrape_interval: fivesecs',
      says: () => 'not a valid duration string: "fivesecs"',
    },
    {
      name: 'a prometheus.yml with an unknown field, reported with its line',
      flag: '--prometheus-config',
      from: '  evaluation_interval: 5s',
      to: '  evaluation_intervall: 5s',
      says: (text) =>
        `line ${text.split('\n').findIndex((line) => line.includes('intervall')) + 1}: field evaluation_intervall not found`,
    },
  ];

  it.each(cases)(
    '$name',
    async ({ name, flag, from, to, says }) => {
      const source = flag === '--collector-config' ? COLLECTOR_CONFIG : PROMETHEUS_CONFIG;
      const file = await brokenCopy(source, `${name.replaceAll(/\W+/g, '-')}.yml`, from, to);
      const { result, stateDir, ports } = await upWith(flag, file);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(says(await readFile(file, 'utf8')));
      expectShortError(result.stderr, file);
      await expectNothingStarted(stateDir, ports);
    },
    180_000,
  );
});

describe('stack up on a taken port', () => {
  let server: Server | undefined;
  let stateDir: string | undefined;

  afterAll(async () => {
    if (stateDir) await runCli(['stack', 'down', '--state-dir', stateDir]);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('names the port and the process holding it, and starts nothing', async () => {
    const fresh = await freshStackArgs();
    stateDir = fresh.stateDir;
    const port = fresh.ports['--prometheus-port'];
    server = createServer();
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject);
      server?.listen({ host: '127.0.0.1', port }, () => resolve());
    });

    const result = await runCli(['stack', 'up', '--native', ...fresh.args], { timeoutMs: 600_000 });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(result.stderr).toContain(`port ${port}`);
    expect(result.stderr).toContain('Prometheus');
    const ssAvailable = spawnSync('ss', ['-V'], { stdio: 'ignore' }).status === 0;
    if (ssAvailable) expect(result.stderr).toContain(`pid ${process.pid}`);
    await expectNothingStarted(fresh.stateDir, fresh.ports, port);
  }, 180_000);
});
