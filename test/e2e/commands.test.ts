import { spawn, spawnSync } from 'node:child_process';
import { access, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import type { StackState } from '../../src/stack/NativeStack.js';
import { type CliResult, type RunningCli, runCli, startCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { alive, portFree } from '../helpers/probes.js';
import { expectCopyOfStateTouchesNothing } from '../helpers/stateCopy.js';
import { expectValues, startTestStack, type TestStack } from './nativeStack.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * just is not a dependency (npm's lock cannot hold rust-just's binary packages for every
 * platform, and `npm ci` would refuse it): the one on PATH, else rust-just from npm, installed
 * for this file into a temp folder.
 */
const JUST_VERSION = '1.57.0';
let JUST = 'just';
let justFolder: string | undefined;

beforeAll(async () => {
  if (spawnSync('just', ['--version'], { stdio: 'ignore' }).status === 0) return;
  justFolder = await mkdtemp(join(tmpdir(), 'histogram-demo-just-'));
  const install = spawnSync(
    'npm',
    ['install', '--prefix', justFolder, '--no-save', '--no-audit', '--no-fund', `rust-just@${JUST_VERSION}`],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (install.status !== 0) throw new Error(`npm install rust-just@${JUST_VERSION} failed: ${install.stderr}`);
  JUST = join(justFolder, 'node_modules/.bin/just');
}, 300_000);

afterAll(async () => {
  if (justFolder) await rm(justFolder, { recursive: true, force: true });
});
const CLI = 'node bin/histogram-demo.js';

/** Every recipe the README and issue 7 promise. */
const RECIPES = [
  'default',
  'install',
  'setup',
  'run',
  'run-logfire',
  'run-direct',
  'grafana',
  'open-grafana',
  'up',
  'down',
  'logs',
  'otel-logs',
  'prometheus',
  'health',
  'clean',
  'lint',
  'format',
  'check',
  'verify',
] as const;

async function runJust(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<CliResult> {
  const child = spawn(JUST, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** The commands a recipe would run, as `just --dry-run` prints them (on stderr). */
async function dryRun(recipe: string, ...args: string[]): Promise<string> {
  const result = await runJust(['--dry-run', recipe, ...args]);
  expect(result.code, result.stderr).toBe(0);
  return result.stderr;
}

async function readState(stateDir: string): Promise<StackState> {
  return JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as StackState;
}

/** The ports `stack up` binds itself (the direct app's port is only scraped, Grafana is not started here). */
function stackOwnPorts(state: StackState): number[] {
  const { directApp: _app, grafana: _grafana, ...own } = state.ports;
  return Object.values(own);
}

function stackPids(state: StackState): number[] {
  return Object.values(state.processes).map((entry) => entry.pid);
}

async function exists(path: string): Promise<boolean> {
  return await access(path).then(
    () => true,
    () => false,
  );
}

/** Recipe name to doc comment, from `just --list`. */
function listedRecipes(listing: string): Map<string, string> {
  expect(listing).toContain('Available recipes:');
  const recipes = new Map<string, string>();
  for (const line of listing.split('\n')) {
    const match = /^\s+([\w-]+)(?: \*ARGS)?\s+# (.+)$/.exec(line);
    if (match?.[1] && match[2]) recipes.set(match[1], match[2]);
  }
  return recipes;
}

const dockerEngine = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
const grafanaBinary = spawnSync('sh', ['-c', 'command -v grafana || command -v grafana-server']).status === 0;

describe('the justfile', () => {
  it('lists every recipe with its doc comment when run with no argument', async () => {
    const result = await runJust([]);
    expect(result.code, result.stderr).toBe(0);
    const listed = listedRecipes(result.stdout);
    for (const recipe of RECIPES) {
      expect(listed.get(recipe), `recipe ${recipe} with a doc comment`).toMatch(/\w/);
    }
  });

  it('lists the same recipes with `just --list`', async () => {
    const result = await runJust(['--list']);
    expect(result.code, result.stderr).toBe(0);
    expect([...listedRecipes(result.stdout).keys()]).toEqual(expect.arrayContaining([...RECIPES]));
  });

  it('maps each CLI recipe to its histogram-demo command, passing extra arguments through', async () => {
    const expected: Record<string, string> = {
      setup: `${CLI} stack up --native "$@"`,
      start: `${CLI} start "$@"`,
      run: `${CLI} run both "$@"`,
      'run-logfire': `${CLI} run logfire "$@"`,
      'run-direct': `${CLI} run direct "$@"`,
      up: `${CLI} stack up "$@"`,
      down: `${CLI} stack down "$@"`,
      logs: `${CLI} stack logs "$@"`,
      'otel-logs': `${CLI} stack logs collector "$@"`,
      health: `${CLI} health "$@"`,
      verify: `${CLI} verify "$@"`,
      clean: `${CLI} clean "$@"`,
    };
    for (const [recipe, command] of Object.entries(expected)) {
      expect((await dryRun(recipe, '--state-dir', '/tmp/x y')).trim(), recipe).toBe(command);
    }
  });

  it('maps the npm recipes to the package.json scripts, which exist', async () => {
    const scripts = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts;
    expect((await dryRun('install')).trim()).toBe('npm install "$@" && npm run build');
    for (const script of ['lint', 'format', 'check']) {
      expect((await dryRun(script)).trim()).toBe(`npm run ${script}`);
      expect(Object.keys(scripts)).toContain(script);
    }
  });

  it('starts Grafana with Docker Compose, and otherwise explains the dashboards import', async () => {
    const script = await dryRun('grafana');
    expect(script).toContain('docker compose up -d grafana');
    expect(script).toContain('dashboards import --grafana-url URL');
    expect(await dryRun('default')).toContain('--list');
    // The advice names a real command.
    const help = await runCli(['dashboards', 'import', '--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('--grafana-url');
  });

  it.skipIf(dockerEngine || grafanaBinary)(
    'says, without Docker or a Grafana binary, that none was started',
    async () => {
      const result = await runJust(['grafana']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Grafana is not installed natively');
      expect(result.stdout).toContain(`${CLI} dashboards import --grafana-url URL`);
      expect(result.stdout).toContain('docker compose up -d grafana');
    },
  );

  it('prints the Prometheus URL and its Graph tab, and the Grafana URL (no desktop: nothing opened)', async () => {
    const noDesktop = { DISPLAY: '', WAYLAND_DISPLAY: '' };
    const prometheus = await runJust(['prometheus'], { ...noDesktop, PROMETHEUS_URL: '' });
    expect(prometheus.code, prometheus.stderr).toBe(0);
    expect(prometheus.stdout).toContain('Prometheus: http://127.0.0.1:9090');
    expect(prometheus.stdout).toContain('Graph tab: http://127.0.0.1:9090/query');
    const moved = await runJust(['prometheus'], { ...noDesktop, PROMETHEUS_URL: 'http://127.0.0.1:19090' });
    expect(moved.stdout).toContain('Graph tab: http://127.0.0.1:19090/query');
    const grafana = await runJust(['open-grafana'], { ...noDesktop, GRAFANA_URL: '' });
    expect(grafana.code, grafana.stderr).toBe(0);
    expect(grafana.stdout).toContain('Grafana: http://127.0.0.1:3000');
  });

  it('runs the CLI for real with the extra arguments, and passes its exit code on', async () => {
    const port = await freePort();
    const direct = await runJust(['run-direct', '--count', '5', '--port', String(port)]);
    expect(direct.code, direct.stderr).toBe(0);
    expect(direct.stdout).toContain('Recorded 5 uploads');
    const verify = await runJust(['verify', '--prometheus-url', `http://127.0.0.1:${await freePort()}`]);
    expect(verify.code).not.toBe(0);
    expect(verify.stderr).toContain('cannot reach Prometheus');
  });
});

describe('health, stack down and clean on a real native stack', () => {
  let stack: TestStack;
  let apps: RunningCli | undefined;
  let bystander: ReturnType<typeof spawn> | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    bystander?.kill('SIGTERM');
    await apps?.stop();
    await stack?.down();
  });

  it('health exits 1 and names the direct app DOWN while no app runs', async () => {
    const result = await runCli(['health', '--state-dir', stack.stateDir]);
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^ok\s+collector\b/m);
    expect(result.stdout).toMatch(/^ok\s+prometheus\b/m);
    expect(result.stdout).toMatch(
      new RegExp(`^DOWN\\s+direct app\\s+http://127\\.0\\.0\\.1:${stack.appPort}/metrics`, 'm'),
    );
    expect(result.stdout).toMatch(/^DOWN\s+logfire app\b/m);
  }, 180_000);

  it('health exits 0 once both apps run and Prometheus has scraped them', async () => {
    apps = startCli(['run', 'both', '--count', '200', '--stay', ...stack.appArgs], {
      env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' },
    });
    await apps.waitFor('Staying up', 120_000);
    const prometheus = new PrometheusClient(stack.prometheusUrl);
    await expectValues(prometheus, ['sum(uploaded_file_bytes_count)', 'sum(logfire_uploaded_file_bytes_count)'], 200);
    await expectValues(prometheus, ['min(up)'], 1);
    // Every scrape target must have been scraped up at least once; poll rather than assume when.
    const result = await vi.waitFor(
      async () => {
        const health = await runCli(['health', '--state-dir', stack.stateDir]);
        if (health.code !== 0) throw new Error(`health exited ${health.code}:\n${health.stdout}`);
        return health;
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(result.stdout).toMatch(/^ok\s+direct app\b/m);
    expect(result.stdout).toMatch(/^ok\s+logfire app\s+\d+ series of logfire_uploaded_file_bytes_\*/m);
    expect(result.stdout).not.toContain('DOWN');
  }, 240_000);

  it('leaves the stack alone when asked through a copy of its state folder (cp -r STATE COPY)', async () => {
    await expectCopyOfStateTouchesNothing(stack.stateDir);
  });

  it('refuses a damaged stack.json in one line, stopping nothing and rewriting no config', async () => {
    const statePath = join(stack.stateDir, 'stack.json');
    const saved = await readFile(statePath);
    const pids = stackPids(JSON.parse(saved.toString()) as StackState);
    const prometheusConfig = join(stack.stateDir, 'prometheus.yml');
    const configBefore = await stat(prometheusConfig);
    await writeFile(statePath, Buffer.from([0x8b, 0x1f, 0xff, 0x00, 0x7d, 0x1b, 0x63]));
    try {
      const stateDir = ['--state-dir', stack.stateDir];
      for (const args of [
        ['stack', 'down', ...stateDir],
        ['stack', 'status', ...stateDir],
        ['stack', 'up', '--native', ...stack.upArgs],
        ['health', ...stateDir],
      ]) {
        const result = await runCli(args, { timeoutMs: 120_000 });
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr).toBe(
          `histogram-demo: ${statePath} is not a stack state (not JSON); stop what still runs from that folder (pgrep -af ${stack.stateDir}), then delete ${statePath}\n`,
        );
      }
      for (const pid of pids) expect(alive(pid), `stack pid ${pid}`).toBe(true);
      expect((await stat(prometheusConfig)).mtimeMs).toBe(configBefore.mtimeMs);
    } finally {
      await writeFile(statePath, saved);
    }
  }, 180_000);

  it('stack down stops only what up started: the apps and another process of the test survive', async () => {
    const state = await readState(stack.stateDir);
    const pids = stackPids(state);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    const otherPort = await freePort();
    bystander = spawn(
      process.execPath,
      ['-e', `require('node:net').createServer().listen(${otherPort}, '127.0.0.1', () => console.log('listening'))`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await expect.poll(() => portFree(otherPort), { timeout: 30_000 }).toBe(false);

    const down = await runCli(['stack', 'down', '--state-dir', stack.stateDir]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('Stopped prometheus and collector');
    for (const pid of pids) expect(alive(pid), `stack pid ${pid}`).toBe(false);
    for (const port of stackOwnPorts(state)) expect(await portFree(port), `port ${port}`).toBe(true);

    expect(bystander.pid && alive(bystander.pid)).toBe(true);
    expect(await portFree(otherPort)).toBe(false);
    expect(apps?.child.exitCode).toBeNull();
    const metrics = await fetch(`http://127.0.0.1:${stack.appPort}/metrics`);
    expect(metrics.status).toBe(200);
    await metrics.body?.cancel();

    const again = await runCli(['stack', 'down', '--state-dir', stack.stateDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to stop');
  }, 180_000);

  it('clean stops the stack processes, frees their ports and removes the state folder, saying so', async () => {
    const up = await runCli(['stack', 'up', '--native', ...stack.upArgs], { timeoutMs: 600_000 });
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
    const state = await readState(stack.stateDir);
    const pids = stackPids(state);
    for (const pid of pids) expect(alive(pid)).toBe(true);

    const clean = await runCli(['clean', '--state-dir', stack.stateDir]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('Stopped prometheus, collector');
    expect(clean.stdout).toContain(`Removing ${stack.stateDir}`);
    // What it removes is printed before it is removed.
    expect(clean.stdout.indexOf('Stopped')).toBeLessThan(clean.stdout.indexOf('Removing'));
    for (const pid of pids) expect(alive(pid), `stack pid ${pid}`).toBe(false);
    for (const port of stackOwnPorts(state)) expect(await portFree(port), `port ${port}`).toBe(true);
    expect(await exists(stack.stateDir)).toBe(false);
    // The test's own processes are not the stack's: they survive clean too.
    expect(apps?.child.exitCode).toBeNull();
    expect(bystander?.pid && alive(bystander.pid)).toBe(true);
  }, 600_000);
});
