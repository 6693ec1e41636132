import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATIONS } from '../../src/apps/logfire/LogfireRecorder.js';
import { EXIT_CODES } from '../../src/cli/exitCodes.js';
import { DEFAULT_PORTS as DEFAULT_STACK_PORTS } from '../../src/config/ports.js';
import { BUCKET_LAYOUTS } from '../../src/metrics/definitions.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import { ensurePrometheus } from '../../src/stack/binaries.js';
import { CONFIG_FILES } from '../../src/stack/paths.js';
import { QUIET_OTEL_ENV } from '../apps/env.js';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

/**
 * Every mistake a user can make on the command line ends in one line on stderr that names
 * the bad value, nothing on stdout, no stack trace, and exit code 2 (usage) or 1 (failure).
 */

const HELP = ' (see histogram-demo --help)';

let port: number;
let closedEndpoint: string;
/** Files the rows read, written once: a damaged state folder or two, a hashring Thanos would refuse. */
const files = join(tmpdir(), `histogram-demo-bad-input-${process.pid}`);
const garbledState = () => join(files, 'garbled-state');
const nullProcessesState = () => join(files, 'null-processes-state');
/** States an earlier version wrote (no start times): one whose process still runs, one whose process is gone. */
const earlierState = () => join(files, 'earlier-state');
const earlierGoneState = () => join(files, 'earlier-gone-state');
const SLEEP = '/usr/bin/sleep';
/** The earlier version's process that still runs: no command may stop it. */
let earlierProcess: ChildProcess | undefined;
const bogusHashring = () => join(files, 'bogus-hashring.json');
/**
 * A Thanos stack that runs: its state records one receiver, a stand-in (node, idle) whose command
 * line names its data folder in that state folder, as a receiver's does. `stack up` on it must
 * refuse another hashring, or a changed one, before a word; the stand-in must survive.
 */
const runningThanosState = () => join(files, 'running-thanos-state');
const otherHashring = () => join(files, 'other-hashring.json');
let receiverStandIn: ChildProcess | undefined;
/** /proc/PID/stat field 22, read here rather than with the code under test. */
async function startTimeOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3]);
}
async function startRunningThanosState(): Promise<void> {
  const stateDir = runningThanosState();
  await mkdir(stateDir);
  receiverStandIn = spawn(
    process.execPath,
    ['-e', 'setTimeout(() => {}, 600_000)', '--', `--tsdb.path=${join(stateDir, 'thanos-receive-1-data')}`],
    { stdio: 'ignore' },
  );
  const pid = receiverStandIn.pid ?? 0;
  await writeFile(
    join(stateDir, 'stack.json'),
    JSON.stringify({
      ports: DEFAULT_STACK_PORTS,
      configs: {
        collector: CONFIG_FILES.collector,
        prometheus: CONFIG_FILES.prometheus,
        hashring: CONFIG_FILES.thanosHashring,
      },
      thanos: true,
      processes: { 'thanos-receive-1': { pid, executable: process.execPath, startTime: await startTimeOf(pid) } },
    }),
  );
  // The copy its receivers read, as another hashring left it: the repo's file now differs from it.
  await writeFile(join(stateDir, 'thanos-hashring.json'), '[]\n');
  await copyFile(CONFIG_FILES.thanosHashring, otherHashring());
}
const truthWith = (name: string) => join(files, name);
/** A web server that is not Prometheus: a login page for every path. */
let htmlServer: HttpServer | undefined;
let htmlUrl = 'http://127.0.0.1:HTML';
/**
 * Servers that speak Prometheus' JSON but not its truth: one whose error holds what a terminal
 * obeys (ESC c resets it, U+202E reverses what follows) and 3,000 more characters, one whose
 * answers have the wrong shape.
 */
const HOSTILE_ERROR = `\u001bc\u202eevil ${'x'.repeat(3000)}`;
/** The hostile error as every command must print it: ESC and U+202E escaped, the line cut at 1,000 characters. */
const hostileLine = (query: string) =>
  new RegExp(
    `^histogram-demo: Prometheus refused the ${query}: \\\\x1bc\\\\u\\{202e\\}evil x+…\\[\\d+ more characters\\]$`,
  );
const jsonServers: HttpServer[] = [];
let hostileUrl = 'http://127.0.0.1:HOSTILE';
let wrongShapeUrl = 'http://127.0.0.1:SHAPE';
async function serveJson(status: number, body: unknown): Promise<string> {
  const server = createHttpServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  jsonServers.push(server);
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
/** A real Prometheus scraping itself: its `up` is a gauge, a metric verify must refuse as no histogram. */
let prometheus: ChildProcess | undefined;
let prometheusUrl = 'http://127.0.0.1:PROMETHEUS';
async function startSelfScrapingPrometheus(): Promise<void> {
  const { prometheus: binary, prometheusCwd } = await ensurePrometheus(() => {});
  const prometheusPort = await freePort();
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  const config = join(files, 'prometheus.yml');
  await writeFile(
    config,
    `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: self\n    static_configs: [{ targets: ['127.0.0.1:${prometheusPort}'] }]\n`,
  );
  prometheus = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(files, 'data')}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
    ],
    { stdio: 'ignore', ...(prometheusCwd ? { cwd: prometheusCwd } : {}) },
  );
  const client = new PrometheusClient(prometheusUrl);
  for (let i = 0; i < 120; i++) {
    if ((await client.value('count(up)').catch(() => undefined)) === 1) return;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`Prometheus at ${prometheusUrl} never scraped itself`);
}
beforeAll(async () => {
  // Where a case wrongly passed validation, it would stop fast on these instead of running forever.
  port = await freePort();
  closedEndpoint = `http://127.0.0.1:${await freePort()}`;
  await mkdir(garbledState(), { recursive: true });
  // Random bytes, as a crash or a stray write leaves them (0xff never starts valid UTF-8 JSON).
  await writeFile(join(garbledState(), 'stack.json'), Buffer.from([0xff, 0x13, 0x9b, 0x32, 0x4a, 0x00, 0x7b, 0xe2]));
  await mkdir(nullProcessesState());
  const ports = Object.fromEntries(Object.entries(DEFAULT_STACK_PORTS));
  await writeFile(
    join(nullProcessesState(), 'stack.json'),
    JSON.stringify({ ports, configs: { collector: 'c', prometheus: 'p', hashring: 'h' }, processes: null }),
  );
  const earlierStateOf = (pid: number | undefined) =>
    JSON.stringify({
      ports,
      configs: { collector: 'c', prometheus: 'p', hashring: 'h' },
      processes: { prometheus: { pid, executable: SLEEP } },
    });
  earlierProcess = spawn(SLEEP, ['600'], { stdio: 'ignore' });
  await mkdir(earlierState());
  await writeFile(join(earlierState(), 'stack.json'), earlierStateOf(earlierProcess.pid));
  const gone = spawn(SLEEP, ['0'], { stdio: 'ignore' });
  await once(gone, 'exit');
  await mkdir(earlierGoneState());
  await writeFile(join(earlierGoneState(), 'stack.json'), earlierStateOf(gone.pid));
  await writeFile(truthWith('negative.csv'), 'file_type,bytes,seconds\npdf,-3,0.1\npdf,5,0.2\n');
  await writeFile(truthWith('zeros.csv'), 'file_type,bytes,seconds\npdf,0,0\npdf,0,0\n');
  await writeFile(truthWith('binary.csv'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x1b, 0x63, 0x00, 0xff]));
  await writeFile(truthWith('label-header.csv'), 'file type,bytes,seconds\npdf,5,0.2\n');
  await startSelfScrapingPrometheus();
  await startRunningThanosState();
  await writeFile(
    truthWith('negative-advice.json'),
    JSON.stringify({ metrics: [{ metric: 'uploaded_file_bytes', boundaries: [-10, 100, 1000] }] }),
  );
  htmlServer = createHttpServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end('<html><body>Sign in</body></html>');
  });
  await new Promise<void>((resolve) => htmlServer?.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = htmlServer.address();
  htmlUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  hostileUrl = await serveJson(400, { status: 'error', errorType: 'bad_data', error: HOSTILE_ERROR });
  wrongShapeUrl = await serveJson(200, { status: 'success', data: { weird: 1 } });
  await writeFile(
    bogusHashring(),
    JSON.stringify([
      { algorithm: 'bogus', endpoints: ['thanos-receive-1:10901', 'thanos-receive-2:10901', 'thanos-receive-3:10901'] },
    ]),
  );
});
afterAll(async () => {
  earlierProcess?.kill();
  receiverStandIn?.kill();
  prometheus?.kill('SIGTERM');
  if (prometheus && prometheus.exitCode === null) await new Promise((done) => prometheus?.once('exit', done));
  await new Promise((resolve) => (htmlServer ? htmlServer.close(resolve) : resolve(undefined)));
  for (const server of jsonServers.splice(0)) await new Promise((resolve) => server.close(resolve));
  await rm(files, { recursive: true, force: true });
});

/** The command of the exit-code table that the arguments run: `stack up`, `dashboards build`, `doctor`... */
function commandOf(args: readonly string[]): string {
  return ['stack', 'dashboards'].includes(args[0] ?? '') ? args.slice(0, 2).join(' ') : (args[0] ?? '');
}

async function expectOneLineError(
  args: readonly string[],
  expected: string | RegExp,
  exitCode: number,
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  const command = commandOf(args);
  if (command in EXIT_CODES) {
    expect(
      EXIT_CODES[command]?.[exitCode as 1 | 2],
      `README's exit-code table: ${command} exits ${exitCode}`,
    ).toBeDefined();
  }
  const result = await runCli(args, { env: { ...QUIET_OTEL_ENV, ...env }, timeoutMs: 30_000 });
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n'), JSON.stringify(result.stderr)).toBe(true);
  expect(result.stderr.trimEnd().split('\n'), 'exactly one line on stderr').toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  const line = result.stderr.trimEnd();
  if (typeof expected === 'string') expect(line).toBe(expected);
  else expect(line).toMatch(expected);
  expect(result.code).toBe(exitCode);
}

describe('usage errors (exit code 2)', () => {
  const direct = () => ['run', 'direct', '--count', '1', '--port', String(port)];

  it('rejects an unknown flag', async () => {
    await expectOneLineError(['--bogus'], `error: unknown option '--bogus'${HELP}`, 2);
    await expectOneLineError([...direct(), '--bogus'], `error: unknown option '--bogus'${HELP}`, 2);
  });

  it('rejects an unknown command', async () => {
    await expectOneLineError(['frobnicate'], `error: unknown command 'frobnicate'${HELP}`, 2);
  });

  it('rejects an unknown app name', async () => {
    await expectOneLineError(
      ['run', 'prometheus', '--count', '1', '--port', String(port)],
      `error: command-argument value 'prometheus' is invalid for argument 'app'. app must be one of both, logfire, direct, got "prometheus"${HELP}`,
      2,
    );
  });

  it.each([
    ['--rate', 'abc', '--rate must be a positive number, got "abc"'],
    ['--rate', '-1', '--rate must be a positive number, got "-1"'],
    ['--rate', '0', '--rate must be a positive number, got "0"'],
    ['--count', '0', '--count must be a positive integer, got "0"'],
    ['--count', 'x', '--count must be a positive integer, got "x"'],
    ['--count', '2.5', '--count must be a positive integer, got "2.5"'],
    ['--seed', '-1', '--seed must be an integer from 0 to 4294967295, got "-1"'],
    ['--seed', '1.5', '--seed must be an integer from 0 to 4294967295, got "1.5"'],
    ['--seed', '99999999999', '--seed must be an integer from 0 to 4294967295, got "99999999999"'],
    ['--port', '70000', '--port must be a port from 1 to 65535, got "70000"'],
    ['--port', '0', '--port must be a port from 1 to 65535, got "0"'],
    [
      '--buckets',
      'coarse',
      `--buckets must be one of ${BUCKET_LAYOUTS.join(', ')} or a .json file written by advise --out, got "coarse"`,
    ],
    ['--aggregation', 'native', `--aggregation must be one of ${AGGREGATIONS.join(', ')}, got "native"`],
  ])('rejects %s %s, naming the value', async (flag, value, message) => {
    const placeholder = { '--buckets': '<layout>', '--aggregation': '<kind>' }[flag] ?? '<n>';
    await expectOneLineError(
      [...direct(), flag, value],
      `error: option '${flag} ${placeholder}' argument '${value}' is invalid. ${message}${HELP}`,
      2,
    );
  });

  it('rejects a malformed --otlp-endpoint', async () => {
    await expectOneLineError(
      ['run', 'logfire', '--count', '1', '--otlp-endpoint', 'notaurl'],
      'histogram-demo: --otlp-endpoint must be an http(s) URL, got "notaurl"',
      2,
    );
  });

  it('rejects a malformed --otlp-exponential-endpoint', async () => {
    await expectOneLineError(
      ['run', 'logfire', '--count', '1', '--aggregation', 'both', '--otlp-exponential-endpoint', 'notaurl'],
      'histogram-demo: --otlp-exponential-endpoint must be an http(s) URL, got "notaurl"',
      2,
    );
  });

  it('rejects an OTEL_EXPORTER_OTLP_ENDPOINT that is not http(s)', async () => {
    await expectOneLineError(
      ['run', 'logfire', '--count', '1'],
      'histogram-demo: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, got "ftp://x"',
      2,
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x' },
    );
  });

  it('rejects a malformed OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', async () => {
    await expectOneLineError(
      ['run', 'logfire', '--count', '1'],
      'histogram-demo: OTEL_EXPORTER_OTLP_METRICS_ENDPOINT must be an http(s) URL, got "localhost:4318"',
      2,
      { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'localhost:4318' },
    );
  });

  it.each(['abc', '0', '-5', '2.5'])('rejects OTEL_METRIC_EXPORT_INTERVAL=%s', async (value) => {
    await expectOneLineError(
      ['run', 'logfire', '--count', '1', '--otlp-endpoint', closedEndpoint],
      `histogram-demo: OTEL_METRIC_EXPORT_INTERVAL must be a positive integer of milliseconds, got "${value}"`,
      2,
      { OTEL_METRIC_EXPORT_INTERVAL: value },
    );
  });

  it("leaves the Logfire app's settings unchecked when only the direct app runs", async () => {
    const result = await runCli(['run', 'direct', '--count', '3', '--port', String(await freePort())], {
      env: { OTEL_METRIC_EXPORT_INTERVAL: 'abc', OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('rejects an --observations file it cannot write', async () => {
    await expectOneLineError(
      [...direct(), '--observations', '/nonexistent-dir/obs.csv'],
      /^histogram-demo: --observations: cannot write "\/nonexistent-dir\/obs\.csv": ENOENT/,
      2,
    );
  });
});

describe('a port in use (exit code 1)', () => {
  let blocker: Server;
  let taken: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const address = blocker.address();
    taken = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });

  it.each(['direct', 'both'])('makes run %s name the port and exit 1', async (app) => {
    const pattern = new RegExp(
      `^histogram-demo: port ${taken} on 127\\.0\\.0\\.1 is already in use( by pid \\d+ \\([^)]+\\))?; choose another with --port or stop that process$`,
    );
    await expectOneLineError(
      ['run', app, '--count', '1', '--port', String(taken), '--otlp-endpoint', closedEndpoint],
      pattern,
      1,
    );
  });
});

/**
 * Every command, tried as a new user would: a bad value, a path it cannot use, a service that
 * is not there. One row per mistake: its arguments, the one line it must print, its exit code.
 * Paths under /proc and /etc are refused even for root, and no row may start anything.
 */
type BadInput = readonly [args: () => readonly string[], line: string | RegExp | (() => string), exitCode: number];
const option = (flag: string, placeholder: string, value: string, message: string) =>
  `error: option '${flag} ${placeholder}' argument '${value}' is invalid. ${message}${HELP}`;
const closedUrl = () => `http://127.0.0.1:${port}`;
const damagedState = (dir: string, why: string) =>
  `histogram-demo: ${dir}/stack.json is not a stack state (${why}); stop what still runs from that folder (pgrep -af ${dir}), then delete ${dir}/stack.json`;

const BAD_INPUT_BY_COMMAND: Record<string, BadInput[]> = {
  'stack up': [
    [
      () => ['stack', 'up', '--native', '--prometheus-port', '0'],
      option('--prometheus-port', '<n>', '0', '--prometheus-port must be a port from 1 to 65535, got "0"'),
      2,
    ],
    [
      () => ['stack', 'up', '--native', '--state-dir', '/proc/histogram-demo'],
      /^histogram-demo: --state-dir: cannot write "\/proc\/histogram-demo": ENOENT/,
      2,
    ],
    [
      () => ['stack', 'up', '--native', '--state-dir', '/etc/passwd'],
      'histogram-demo: --state-dir: cannot write "/etc/passwd": it is a file, not a folder',
      2,
    ],
    [
      () => ['stack', 'up', '--native', '--collector-config', '/nonexistent/otelcol.yml'],
      /^histogram-demo: --collector-config: cannot read "\/nonexistent\/otelcol\.yml": ENOENT/,
      2,
    ],
    [
      () => ['stack', 'up', '--native', '--prometheus-config', '/etc'],
      'histogram-demo: --prometheus-config: "/etc" is not a file',
      2,
    ],
    [
      () => ['stack', 'up', '--docker', '--native'],
      `error: option '--docker' cannot be used with option '--native'${HELP}`,
      2,
    ],
  ],
  'stack stop, logs, down': [
    [
      () => ['stack', 'stop', 'grafna'],
      `error: command-argument value 'grafna' is invalid for argument 'component'. component must be one of collector, thanos-receive-1, thanos-receive-2, thanos-receive-3, thanos-query, prometheus, dashboards, grafana, got "grafna"${HELP}`,
      2,
    ],
    [
      () => ['stack', 'logs', 'prom'],
      `error: command-argument value 'prom' is invalid for argument 'component'. component must be one of collector, thanos-receive-1, thanos-receive-2, thanos-receive-3, thanos-query, prometheus, dashboards, grafana, got "prom"${HELP}`,
      2,
    ],
    [() => ['stack', 'down', '--state-dir'], `error: option '--state-dir <dir>' argument missing${HELP}`, 2],
  ],
  'a damaged state folder (every command that reads it)': [
    ...[
      ['stack', 'status'],
      ['stack', 'down'],
      ['stack', 'stop', 'prometheus'],
      ['stack', 'up', '--native'],
      ['health'],
    ].flatMap((command): BadInput[] => [
      [() => [...command, '--state-dir', garbledState()], () => damagedState(garbledState(), 'not JSON'), 1],
      [
        () => [...command, '--state-dir', nullProcessesState()],
        () => damagedState(nullProcessesState(), '"processes" is not an object'),
        1,
      ],
      [
        () => [...command, '--state-dir', earlierState()],
        () =>
          `histogram-demo: ${earlierState()}/stack.json was written by an earlier version of histogram-demo (no process start times); stop its processes that still run with "kill ${earlierProcess?.pid}", then delete ${earlierState()}/stack.json`,
        1,
      ],
      [
        () => [...command, '--state-dir', earlierGoneState()],
        () =>
          `histogram-demo: ${earlierGoneState()}/stack.json was written by an earlier version of histogram-demo (no process start times); none of its processes runs: delete ${earlierGoneState()}/stack.json`,
        1,
      ],
    ]),
  ],
  'stack up --thanos': [
    [
      () => [
        'stack',
        'up',
        '--native',
        '--thanos',
        '--state-dir',
        join(files, 'fresh'),
        '--thanos-hashring',
        bogusHashring(),
      ],
      () =>
        `histogram-demo: thanos: invalid hashring file ${bogusHashring()}: "algorithm" must be one of hashmod, ketama, got "bogus"`,
      1,
    ],
  ],
  'stack up --thanos again on a running stack': [
    [
      () => [
        'stack',
        'up',
        '--native',
        '--thanos',
        '--state-dir',
        runningThanosState(),
        '--thanos-hashring',
        otherHashring(),
      ],
      () =>
        `histogram-demo: --thanos-hashring ${otherHashring()}: the stack in ${runningThanosState()} runs with ${CONFIG_FILES.thanosHashring}; drop --thanos-hashring, or stop that stack first (stack down --state-dir ${runningThanosState()})`,
      2,
    ],
    [
      () => ['stack', 'up', '--native', '--thanos', '--state-dir', runningThanosState(), '--prometheus-port', '9091'],
      () =>
        `histogram-demo: --prometheus-port 9091: the stack in ${runningThanosState()} runs with ${DEFAULT_STACK_PORTS.prometheus}; drop --prometheus-port, or stop that stack first (stack down --state-dir ${runningThanosState()})`,
      2,
    ],
    [
      () => ['stack', 'up', '--native', '--thanos', '--state-dir', runningThanosState()],
      () =>
        `histogram-demo: --thanos-hashring ${CONFIG_FILES.thanosHashring}: its content differs from ${runningThanosState()}/thanos-hashring.json, which the running stack in ${runningThanosState()} reads; to apply it, stop that stack first (stack down --state-dir ${runningThanosState()}), then run stack up again`,
      2,
    ],
  ],
  start: [
    [
      () => ['start', '--seed', 'x'],
      option('--seed', '<n>', 'x', '--seed must be an integer from 0 to 4294967295, got "x"'),
      2,
    ],
    [
      () => ['start', '--state-dir', '/etc/passwd/state'],
      'histogram-demo: --state-dir: cannot write "/etc/passwd/state": /etc/passwd is a file',
      2,
    ],
  ],
  run: [
    [
      () => ['run', 'direct', '--count', '1', '--port', String(port), '--observations', '/proc/obs.csv'],
      /^histogram-demo: --observations: cannot write "\/proc\/obs\.csv": /,
      2,
    ],
    [
      () => ['run', 'direct', '--count', '1', '--port', String(port), '--observations', '/tmp'],
      'histogram-demo: --observations: cannot write "/tmp": it is a folder; name a file',
      2,
    ],
    [
      () => ['run', 'direct', '--count', '1', '--port', String(port), '--buckets', truthWith('negative-advice.json')],
      () =>
        `histogram-demo: --buckets ${truthWith('negative-advice.json')}: uploaded_file_bytes measures bytes, never below 0, yet has the boundary -10`,
      2,
    ],
    [
      () => ['run', 'direct', '--count', '1', '--port', String(port), '--buckets', '/nonexistent/advice.json'],
      /^histogram-demo: --buckets: cannot read "\/nonexistent\/advice\.json": ENOENT/,
      2,
    ],
  ],
  health: [
    [
      () => ['health', '--wait', 'soon'],
      option('--wait', '<seconds>', 'soon', '--wait must be an integer from 0 to 3600, got "soon"'),
      2,
    ],
  ],
  clean: [[() => ['clean', '--force'], `error: unknown option '--force'${HELP}`, 2]],
  verify: [
    [
      () => ['verify', '--prometheus-url', 'localhost:9090'],
      'histogram-demo: --prometheus-url must be an http(s) URL, got "localhost:9090"',
      2,
    ],
    [
      () => ['verify', '--prometheus-url', closedUrl(), '--html', '/nonexistent/report.html'],
      'histogram-demo: --html: cannot write "/nonexistent/report.html": ENOENT: its folder /nonexistent does not exist',
      2,
    ],
    [
      () => ['verify', '--pipeline', 'a=$metric{job="x"} or up'],
      option(
        '--pipeline',
        '<NAME=TEMPLATE>',
        'a=$metric{job="x"} or up',
        '--pipeline pipeline "$metric{job="x"} or up": it must be one series selector such as app_$metric{job="app"}, not an expression',
      ),
      2,
    ],
    [
      () => ['verify', '--max-scopes', 'many'],
      option('--max-scopes', '<n>', 'many', '--max-scopes must be an integer from 0 to 1000000, got "many"'),
      2,
    ],
    [
      () => ['verify', '--prometheus-url', hostileUrl, '--metric', 'uploaded_file_bytes'],
      hostileLine('query logfire_uploaded_file_bytes'),
      1,
    ],
    [
      () => ['verify', '--prometheus-url', closedUrl()],
      /^histogram-demo: cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+/,
      1,
    ],
    ...['x', 'm=abc', 'm=', '=1'].map(
      (value): BadInput => [
        () => ['verify', '--prometheus-url', closedUrl(), '--threshold', value],
        option(
          '--threshold',
          '<METRIC=VALUE>',
          value,
          `--threshold must be METRIC=VALUE with VALUE a finite number, e.g. request_latency_seconds=0.5; got "${value}"`,
        ),
        2,
      ],
    ),
    [
      () => ['verify', '--prometheus-url', closedUrl(), '--threshold', 'request_seconds=1'],
      'histogram-demo: --threshold request_seconds=1: request_seconds is not among the metrics verified (uploaded_file_bytes, http_request_duration_seconds); add --metric request_seconds',
      2,
    ],
    [
      () => ['verify', '--prometheus-url', closedUrl(), '--truth', truthWith('label-header.csv')],
      () =>
        `histogram-demo: --truth ${truthWith('label-header.csv')}: line 1: column "file type" is a label column, but not a label name (letters, digits and _, not starting with a digit or __) (map a metric to a column with --metric NAME=COLUMN)`,
      2,
    ],
    [
      () => ['verify', '--prometheus-url', prometheusUrl, '--metric', 'up'],
      'histogram-demo: --metric up is not a histogram: its 1 series on the server hold plain values (a gauge or a counter), with no _bucket series and no native histogram: give the base name of a histogram (NAME of NAME_bucket, or of a native histogram)',
      2,
    ],
  ],
  'dashboards build': [
    [
      () => ['dashboards', 'build', '--out', '/proc/dashboards'],
      /^histogram-demo: --out: cannot write "\/proc\/dashboards": ENOENT/,
      2,
    ],
    [
      () => ['dashboards', 'build', '--out', '/etc/passwd'],
      'histogram-demo: --out: cannot write "/etc/passwd": it is a file, not a folder',
      2,
    ],
  ],
  'dashboards serve, queries': [
    [
      () => ['dashboards', 'serve', '--dashboards-port', '0'],
      option('--dashboards-port', '<port>', '0', '--dashboards-port must be a port from 1 to 65535, got "0"'),
      2,
    ],
    [() => ['dashboards', 'queries', '--pipeline', 'x'], `error: unknown option '--pipeline'${HELP}`, 2],
  ],
  'dashboards import': [
    [
      () => ['dashboards', 'import', '--grafana-url', 'grafana'],
      'histogram-demo: --grafana-url must be an http(s) URL such as http://localhost:3000',
      2,
    ],
    [
      () => ['dashboards', 'import', '--timeout', '0'],
      option('--timeout', '<seconds>', '0', '--timeout must be a positive number, got "0"'),
      2,
    ],
  ],
  advise: [
    [
      () => ['advise', '--buckets', '0'],
      option('--buckets', '<n>', '0', '--buckets must be a positive integer, got "0"'),
      2,
    ],
    [
      () => ['advise', '--prometheus-url', closedUrl(), '--out', '/nonexistent/advice.json'],
      'histogram-demo: --out: cannot write "/nonexistent/advice.json": ENOENT: its folder /nonexistent does not exist',
      2,
    ],
  ],
  'advise, given data it cannot advise on': [
    [
      () => ['advise', '--prometheus-url', hostileUrl, '--metric', 'm_seconds'],
      hostileLine('query sum \\(m_seconds\\)'),
      1,
    ],
    [
      () => ['advise', '--truth', truthWith('negative.csv'), '--metric', 'uploaded_file_bytes=bytes'],
      () =>
        `histogram-demo: uploaded_file_bytes (column "bytes" of ${truthWith('negative.csv')}): 1 of 2 observations are negative (the lowest is -3); advise places boundaries for values of 0 and above`,
      1,
    ],
    [
      () => ['advise', '--truth', truthWith('zeros.csv'), '--metric', 'uploaded_file_bytes=bytes'],
      () =>
        `histogram-demo: uploaded_file_bytes (column "bytes" of ${truthWith('zeros.csv')}): all 2 observations are 0: no boundary above 0 tells them apart`,
      1,
    ],
    [
      () => ['advise', '--truth', truthWith('binary.csv')],
      () => `histogram-demo: --truth ${truthWith('binary.csv')}: is not a CSV text file: it holds NUL bytes`,
      2,
    ],
  ],
  doctor: [
    [
      () => ['doctor', '--prometheus-url', closedUrl()],
      /^histogram-demo: cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+/,
      1,
    ],
    [
      () => ['doctor', '--prometheus-url', htmlUrl],
      () =>
        `histogram-demo: ${htmlUrl} is not a Prometheus API: /api/v1/label/__name__/values answered HTTP 200 with text/html, not JSON; give the base URL of a Prometheus or Thanos query`,
      1,
    ],
    [() => ['doctor', '--prometheus-url', hostileUrl], hostileLine('values of __name__'), 1],
    [
      () => ['doctor', '--prometheus-url', wrongShapeUrl],
      () =>
        `histogram-demo: ${wrongShapeUrl} is not a Prometheus API: /api/v1/label/__name__/values answered "data" that is not a list of strings`,
      1,
    ],
    [
      () => ['doctor', '--match', 'http.server.duration{job="api"}'],
      'histogram-demo: --match selector "http.server.duration{job="api"}": "http.server.duration" is not a metric name outside braces; quote it inside them, as Prometheus 3 does: {"http.server.duration"}',
      2,
    ],
    [
      () => ['doctor', '--match', '{"http.server.duration", "rpc.server.duration"}'],
      'histogram-demo: --match selector "{"http.server.duration", "rpc.server.duration"}": two metric names: "http.server.duration" and "rpc.server.duration"',
      2,
    ],
    [
      () => ['doctor', '--fail-on', 'fatal'],
      option('--fail-on', '<severity>', 'fatal', '--fail-on must be one of info, warning, error, got "fatal"'),
      2,
    ],
    [
      () => ['doctor', '--prometheus-url', 'notaurl'],
      'histogram-demo: --prometheus-url must be an http(s) URL, got "notaurl"',
      2,
    ],
  ],
};

describe.each(Object.entries(BAD_INPUT_BY_COMMAND))('%s, given bad input', (_command, rows) => {
  it.each(rows.map((row) => [row[0]().join(' '), ...row] as const))(
    'answers `%s` with one line and its exit code',
    async (_label, args, line, exitCode) => {
      await expectOneLineError(args(), typeof line === 'function' ? line() : line, exitCode);
    },
  );
});

describe("README's exit-code table", () => {
  it('has a bad-input case for every command it lists', () => {
    const tried = new Set(
      Object.values(BAD_INPUT_BY_COMMAND)
        .flat()
        .map((row) => commandOf(row[0]())),
    );
    expect(Object.keys(EXIT_CODES).filter((command) => !tried.has(command))).toEqual([]);
  });
});

describe('a running stack asked for another setting', () => {
  it('keeps its receiver running through every stack up that refused it', () => {
    expect(receiverStandIn?.exitCode).toBeNull();
    expect(receiverStandIn?.signalCode).toBeNull();
  });
});

describe("an earlier version's state folder", () => {
  it('keeps its process running through every command that refused it', () => {
    expect(earlierProcess?.exitCode).toBeNull();
    expect(earlierProcess?.signalCode).toBeNull();
  });
});
