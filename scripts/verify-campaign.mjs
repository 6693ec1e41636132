// Live campaign for verify's verdicts (issue 19): M live runs, each on a fresh native stack, with a
// random seed, a random upload count (tiny ones included) and a random Logfire aggregation, through
// every pipeline the aggregation feeds. For each run it waits until every pipeline holds all N
// uploads, then takes verify's verdict against the seeded stream. The pipelines are healthy and hold
// the same observations, so every "disagree" is a false disagreement: the campaign counts them.
//
// Writes docs/verify-campaign.txt (the block docs/verify.md and the README show) and
// docs/verify-campaign.json (every run), and prints the block.
// Usage: npm run build && node scripts/verify-campaign.mjs [--runs 50] [--lanes 2] [--seed S] [--out DIR]
//   --runs   the number of verdicts to reach: runs that could not be judged (a stack that did not
//            start, pipelines that did not deliver in time) are counted apart and replaced by new
//            draws, up to twice --runs attempts in all.
//   --lanes  runs that many stacks side by side, each on its own ports (33800 + 100·lane ..).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'bin/histogram-demo.js');
const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    lanes: { type: 'string', default: '2' },
    seed: { type: 'string' },
    out: { type: 'string', default: join(root, 'docs') },
    'base-port': { type: 'string', default: '33800' },
  },
});
const runs = Number(flags.runs);
const lanes = Number(flags.lanes);
const campaignSeed = flags.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(flags.seed);
if (!(Number.isInteger(runs) && runs > 0 && Number.isInteger(lanes) && lanes > 0 && Number.isInteger(campaignSeed))) {
  console.error('--runs and --lanes must be positive integers, --seed an integer');
  process.exit(2);
}

/** mulberry32: the campaign's own draws (seeds, counts, aggregations) are reproducible from --seed. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTS = [1, 2, 3, 5, 7, 10, 13, 20, 50, 58, 100, 200, 333, 500, 1000, 2000];
const AGGREGATIONS = ['explicit', 'exponential', 'both'];
/** The pipelines each aggregation feeds: the direct app always, Logfire's classic or native side or both. */
const REQUIRED = { explicit: 'logfire,direct', exponential: 'direct,native', both: 'logfire,direct,native' };

const draw = random(campaignSeed);
const maxAttempts = 2 * runs;
let drawn = 0;
/** The next run of the campaign's reproducible sequence of draws. */
function nextRun() {
  drawn += 1;
  return {
    index: drawn,
    seed: Math.floor(draw() * 1_000_000),
    count: COUNTS[Math.floor(draw() * COUNTS.length)],
    aggregation: AGGREGATIONS[Math.floor(draw() * AGGREGATIONS.length)],
  };
}

function portsOf(lane) {
  const base = Number(flags['base-port']) + 100 * lane;
  return {
    otlpGrpc: base,
    otlpHttp: base + 1,
    otlpExponential: base + 2,
    collector: base + 3,
    collectorNative: base + 4,
    health: base + 5,
    prometheus: base + 6,
    grafana: base + 7,
    app: base + 8,
  };
}

/** Runs the CLI to completion: exit code, stdout and stderr. */
function run(args, env = {}) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Every required pipeline's count of every metric, scope all, from a verify JSON report. */
function complete(report, required, count) {
  const all = report.scopes.filter((scope) => scope.scope === 'all');
  return (
    all.length > 0 &&
    all.every((scope) =>
      required.every((name) =>
        scope.pipelines.some((stats) => stats.pipeline === name && stats.present && stats.count === count),
      ),
    )
  );
}

/** `stack up`'s flags for one lane: its own state folder and ports, no dashboards page. */
function stackFlagsOf(ports, state) {
  return [
    '--state-dir',
    state,
    '--otlp-grpc-port',
    ports.otlpGrpc,
    '--otlp-http-port',
    ports.otlpHttp,
    '--otlp-exponential-port',
    ports.otlpExponential,
    '--collector-port',
    ports.collector,
    '--collector-native-port',
    ports.collectorNative,
    '--health-port',
    ports.health,
    '--prometheus-port',
    ports.prometheus,
    '--grafana-port',
    ports.grafana,
    '--app-port',
    ports.app,
    // The page is not needed for a verdict, and its default port would be shared by the lanes.
    '--no-dashboards',
  ].map(String);
}

/** Both apps recording the run's uploads into the lane's stack, exporting every second, staying up. */
function startApps(ports, { seed, count, aggregation }) {
  return spawn(
    process.execPath,
    [
      cli,
      'run',
      'both',
      '--aggregation',
      aggregation,
      '--count',
      String(count),
      '--seed',
      String(seed),
      '--stay',
      '--port',
      String(ports.app),
      '--otlp-endpoint',
      `http://127.0.0.1:${ports.otlpHttp}`,
      '--otlp-exponential-endpoint',
      `http://127.0.0.1:${ports.otlpExponential}`,
    ],
    { env: { ...process.env, OTEL_METRIC_EXPORT_INTERVAL: '1000' }, stdio: 'ignore' },
  );
}

/**
 * verify's report once every required pipeline holds all the run's uploads (asked every 2 s, for
 * at most 180 s), or undefined when they never did.
 */
async function completeReport(ports, { seed, count, aggregation }) {
  const required = REQUIRED[aggregation];
  const names = required.split(',');
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const checked = await run([
      'verify',
      '--prometheus-url',
      `http://127.0.0.1:${ports.prometheus}`,
      '--seed',
      String(seed),
      '--require',
      required,
      '--json',
    ]);
    let report;
    try {
      report = JSON.parse(checked.stdout);
    } catch {
      report = undefined;
    }
    if (report && complete(report, names, count)) return report;
    await sleep(2000);
  }
  return undefined;
}

async function liveRun(lane, drawnRun) {
  const { index, seed, count, aggregation } = drawnRun;
  const ports = portsOf(lane);
  const state = await mkdtemp(join(tmpdir(), `verify-campaign-${lane}-`));
  const started = Date.now();
  let app;
  try {
    const up = await run(['stack', 'up', '--native', ...stackFlagsOf(ports, state)]);
    if (up.code !== 0) return { index, seed, count, aggregation, outcome: 'stack-failed', detail: up.stderr.trim() };
    app = startApps(ports, drawnRun);
    const report = await completeReport(ports, drawnRun);
    if (!report) {
      return {
        index,
        seed,
        count,
        aggregation,
        outcome: 'incomplete',
        detail: 'the pipelines did not deliver every upload in 180 s',
      };
    }
    const fields = [...new Set(report.disagreements.map((entry) => entry.field))];
    return {
      index,
      seed,
      count,
      aggregation,
      outcome: report.verdict,
      seconds: Math.round((Date.now() - started) / 1000),
      ...(report.verdict === 'agree' ? {} : { fields, messages: report.disagreements.map((d) => d.message) }),
    };
  } finally {
    if (app) {
      app.kill('SIGTERM');
      await new Promise((done) => (app.exitCode === null ? app.once('exit', done) : done()));
    }
    await run(['stack', 'down', '--state-dir', state]);
    await rm(state, { recursive: true, force: true });
  }
}

const results = [];
const judged = (result) => result.outcome === 'agree' || result.outcome === 'disagree';
/** Draws go on while fewer than --runs verdicts are in or under way, up to the attempt limit. */
let underWay = 0;
function wanted() {
  return results.filter(judged).length + underWay < runs && drawn < maxAttempts;
}
const campaignStart = Date.now();
await Promise.all(
  Array.from({ length: lanes }, async (_, lane) => {
    while (wanted()) {
      underWay += 1;
      const result = await liveRun(lane, nextRun()).finally(() => {
        underWay -= 1;
      });
      results.push(result);
      console.error(
        `run ${result.index} (${results.filter(judged).length}/${runs} verdicts): seed ${result.seed}, ${result.count} uploads, ${result.aggregation}: ${result.outcome}` +
          (result.fields ? ` (${result.fields.join(', ')})` : result.detail ? ` (${result.detail})` : ''),
      );
    }
  }),
);
results.sort((a, b) => a.index - b.index);

const tally = (outcome) => results.filter((result) => result.outcome === outcome).length;
const verdicts = tally('agree') + tally('disagree');
const byAggregation = AGGREGATIONS.map(
  (aggregation) => `${aggregation} ${results.filter((result) => result.aggregation === aggregation).length}`,
).join(', ');
const counts = [...new Set(results.map((result) => result.count))].sort((a, b) => a - b);
const lines = [
  `verify live campaign: node scripts/verify-campaign.mjs --runs ${runs} --seed ${campaignSeed}`,
  `${results.length} live runs for ${runs} verdicts, each on a fresh native stack (run both --count N --seed S --aggregation A --stay, then verify --seed S --require the pipelines A feeds)`,
  `aggregations: ${byAggregation}; upload counts: ${counts.join(', ')}`,
  `verdicts once every pipeline held all N uploads: ${verdicts} (agree ${tally('agree')}, disagree ${tally('disagree')})`,
  `not judged (replaced by new draws): ${tally('incomplete')} incomplete in 180 s, ${tally('stack-failed')} stack failed to start`,
  `false disagreements: ${tally('disagree')} in ${verdicts} verdicts`,
];
for (const result of results.filter((entry) => entry.outcome === 'disagree')) {
  lines.push(
    `  run ${result.index} (seed ${result.seed}, ${result.count} uploads, ${result.aggregation}): ${result.messages[0]}`,
  );
}
const block = `${lines.join('\n')}\n`;
await writeFile(join(flags.out, 'verify-campaign.txt'), block);
await writeFile(
  join(flags.out, 'verify-campaign.json'),
  `${JSON.stringify({ campaignSeed, runs, lanes, minutes: Math.round((Date.now() - campaignStart) / 60000), results }, null, 2)}\n`,
);
process.stdout.write(block);
// A campaign that could not reach its verdicts says so: its block would claim less than it should.
process.exitCode = tally('disagree') === 0 && verdicts >= runs ? 0 : 1;
