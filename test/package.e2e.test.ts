import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTOGRAMS } from '../src/metrics/definitions.js';
import { PrometheusClient } from '../src/prometheus/PrometheusClient.js';
import { expectValues, startTestStack, type TestStack } from './e2e/nativeStack.js';
import { type RunningCli, startCli } from './helpers/cli.js';
import { freePort } from './helpers/ports.js';

/**
 * The published package as a user who only wants the tools gets it: `npm pack`, installed into
 * an empty folder, run from there with no Go on PATH, no repo and no build, against a live
 * Prometheus (the native stack, fed by the demo's apps from the repo).
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COUNT = 1000;
const SEED = 4243;

/** PATH without the folders that hold a `go` command. */
const PATH_WITHOUT_GO = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir !== '' && !existsSync(join(dir, 'go')))
  .join(delimiter);

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

let work: string;
let user: string;
let installOutput: string;
let packed: PackResult;
let stack: TestStack;
let apps: RunningCli;
let env: NodeJS.ProcessEnv;

/** The installed CLI, run in the user's folder. */
async function installed(args: readonly string[]) {
  const bin = join(user, 'node_modules/logfire-histogram-demo/bin/histogram-demo.js');
  return await execa(process.execPath, [bin, ...args], {
    cwd: user,
    env,
    extendEnv: false,
    reject: false,
    timeout: 120_000,
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'histogram-demo-package-'));
  user = join(work, 'user');
  await mkdir(user);
  // `npm test` built dist/ already: pack it as is.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
  packed = (JSON.parse(pack.stdout) as [PackResult])[0];
  const install = await execa(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', join(work, packed.filename)],
    { cwd: user, all: true, timeout: 900_000 },
  );
  installOutput = install.all ?? '';
  env = {
    PATH: PATH_WITHOUT_GO,
    HOME: work,
    XDG_STATE_HOME: join(work, 'state'),
    // An empty binary cache: the tools must need none of it.
    HISTOGRAM_DEMO_CACHE: join(work, 'cache'),
  };

  stack = await startTestStack();
  apps = startCli(
    [
      'run',
      'both',
      '--aggregation',
      'both',
      '--count',
      String(COUNT),
      '--seed',
      String(SEED),
      '--stay',
      ...stack.appArgs,
    ],
    {
      env: { OTEL_METRIC_EXPORT_INTERVAL: '1000' },
    },
  );
  await apps.waitFor('Staying up');
  const metric = HISTOGRAMS[0]?.name as string;
  await expectValues(
    new PrometheusClient(stack.prometheusUrl),
    [`sum(logfire_${metric}_count)`, `sum(${metric}_count)`, `sum(histogram_count(logfire_native_${metric}))`],
    COUNT,
  );
}, 1_200_000);

afterAll(async () => {
  await apps?.stop();
  await stack?.down();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the npm package, installed into an empty folder', () => {
  it('ships no source maps and no sources or tests, and npm flags no install script of its own', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(paths.filter((path) => /^(src|test)\//.test(path))).toEqual([]);
    expect(paths).toContain('dist/cli/main.js');
    expect(installOutput).not.toMatch(/logfire-histogram-demo@[^ ]+ \(/);
  });

  it('is the size the README says, within 10% (else: node scripts/package-size.mjs, then update-readme)', async () => {
    const recorded = JSON.parse(await readFile(join(ROOT, 'docs/package-size.json'), 'utf8')) as PackResult;
    expect(Math.abs(packed.size - recorded.size) / recorded.size).toBeLessThan(0.1);
    expect(Math.abs(packed.unpackedSize - recorded.unpackedSize) / recorded.unpackedSize).toBeLessThan(0.1);
  });

  it("prints its version, package.json's", async () => {
    const version = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const result = await installed(['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('runs doctor against a live Prometheus with no Go, no build and no repo', async () => {
    // Every family on the server (Prometheus' own included, whose findings make doctor exit 1).
    const result = await installed(['doctor', '--prometheus-url', stack.prometheusUrl]);
    expect(result.stderr).toBe('');
    for (const { name } of HISTOGRAMS) {
      expect(result.stdout).toMatch(new RegExp(`^logfire_${name} +classic +4 `, 'm'));
      expect(result.stdout).toMatch(new RegExp(`^logfire_native_${name} +native +4 `, 'm'));
    }
    expect(result.stdout).toMatch(/^\d+ error, \d+ warning, \d+ info/m);
  });

  it('runs verify against a live Prometheus: the three pipelines agree with the seeded truth', async () => {
    const result = await installed(['verify', '--prometheus-url', stack.prometheusUrl, '--seed', String(SEED)]);
    expect(result.stdout).toContain('Verdict: the pipelines agree');
    expect(result.exitCode, result.stderr).toBe(0);
  });

  it('runs advise against a live Prometheus', async () => {
    const metric = `logfire_native_${HISTOGRAMS[1]?.name}`;
    const result = await installed([
      'advise',
      '--prometheus-url',
      stack.prometheusUrl,
      '--metric',
      metric,
      '--range',
      '10m',
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('native histogram in Prometheus');
    expect(await readdir(env.HISTOGRAM_DEMO_CACHE as string).catch(() => [])).toEqual([]);
  });

  it("writes docs/advise.md's observations file itself, byte for byte (docs/ is not shipped)", async () => {
    const port = await freePort();
    const result = await installed([
      'run',
      'direct',
      '--count',
      '5000',
      '--port',
      String(port),
      '--observations',
      'observations-seed42.csv',
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(join(user, 'observations-seed42.csv'), 'utf8')).toBe(
      await readFile(join(ROOT, 'docs/observations-seed42.csv'), 'utf8'),
    );
  });

  it("keeps its state in the user's state folder and writes dashboards where it runs, not in node_modules", async () => {
    const help = await installed(['stack', 'up', '--help']);
    expect(help.stdout).toContain(join(work, 'state', 'histogram-demo'));
    const built = await installed(['dashboards', 'build']);
    expect(built.exitCode, built.stderr).toBe(0);
    expect((await readdir(join(user, 'dashboards'))).filter((name) => name.endsWith('.json')).length).toBeGreaterThan(
      0,
    );
    expect(built.stdout).not.toContain('node_modules');
  });
});
