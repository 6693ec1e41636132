import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

/** advise as a user runs it, on files; the real-stack half is test/e2e/advise.test.ts. */

const HELP = ' (see histogram-demo --help)';
let dir: string;
let observations: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'histogram-demo-advise-'));
  observations = join(dir, 'observations.csv');
  // 1..100 in `seconds`, 1000..100000 in `bytes`, in a file shaped like run --observations writes.
  const rows = Array.from({ length: 100 }, (_, i) => `small,${(i + 1) * 1000},${i + 1}`);
  await writeFile(observations, `file_type,bytes,seconds\n${rows.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectOneLineError(args: readonly string[], expected: string | RegExp, exitCode: number) {
  const result = await runCli(['advise', ...args], { timeoutMs: 30_000 });
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
  if (typeof expected === 'string') expect(result.stderr.trimEnd()).toBe(expected);
  else expect(result.stderr.trimEnd()).toMatch(expected);
  expect(result.code).toBe(exitCode);
}

describe('advise on a file', () => {
  it('writes exactly {"metrics": [{"metric", "boundaries", "predicted"}]}, N boundaries, thresholds among them', async () => {
    const out = join(dir, 'advice.json');
    const result = await runCli([
      'advise',
      '--truth',
      observations,
      '--metric',
      'api_seconds=seconds',
      '--buckets',
      '5',
      '--threshold',
      '33',
      '--threshold',
      '70',
      '--json',
      '--out',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(printed);
    expect(Object.keys(printed)).toEqual(['metrics']);
    expect(printed.metrics).toHaveLength(1);
    const [entry] = printed.metrics;
    expect(Object.keys(entry)).toEqual(['metric', 'boundaries', 'predicted']);
    expect(entry.metric).toBe('api_seconds');
    expect(entry.boundaries).toHaveLength(5);
    expect(entry.boundaries).toContain(33);
    expect(entry.boundaries).toContain(70);
    expect(entry.predicted.advised.boundaries).toEqual(entry.boundaries);
    expect(Object.keys(entry.predicted.advised.byQuantile[0])).toEqual(['quantile', 'error', 'sample']);
  });

  it('puts every boundary on the nice grid, unless --no-nice', async () => {
    const nice = JSON.parse(
      (await runCli(['advise', '--truth', observations, '--metric', 'api_seconds=seconds', '--buckets', '6', '--json']))
        .stdout,
    );
    // Nice mantissas, by hand: 1 to 2 by 0.1, 2 to 5 by 0.25, 5 to 10 by 0.5.
    const isNice = (value: number) => {
      const mantissa = Number((value / 10 ** Math.floor(Math.log10(value))).toPrecision(6));
      const step = mantissa < 2 ? 0.1 : mantissa < 5 ? 0.25 : 0.5;
      return Math.abs(mantissa / step - Math.round(mantissa / step)) < 1e-9;
    };
    expect(nice.metrics[0].boundaries.every(isNice), String(nice.metrics[0].boundaries)).toBe(true);
    const fine = await runCli(['advise', '--truth', observations, '--metric', 'x=seconds', '--no-nice', '--json']);
    expect(fine.code).toBe(0);
    expect(JSON.parse(fine.stdout).metrics[0].boundaries).toHaveLength(10);
  });

  it('reads the demo metrics from an observations file by default, with the seed layout as current', async () => {
    const result = await runCli(['advise', '--truth', observations, '--buckets', '4']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('uploaded_file_bytes: 100 observations');
    expect(result.stdout).toContain('http_request_duration_seconds: 100 observations');
    expect(result.stdout).toMatch(/^current {2,}7 /m);
    for (const title of [
      'prom-client:',
      'OpenTelemetry JS, instrument advice:',
      'OpenTelemetry JS, View',
      'OpenTelemetry Python, View:',
      'Python prometheus_client:',
    ]) {
      expect(result.stdout).toContain(title);
    }
  });

  it('makes run --buckets FILE.json use the advised boundaries', async () => {
    const out = join(dir, 'demo.json');
    await runCli(['advise', '--truth', observations, '--buckets', '4', '--out', out, '--json']);
    const advised = JSON.parse(await readFile(out, 'utf8')).metrics.find(
      (entry: { metric: string }) => entry.metric === 'http_request_duration_seconds',
    ).boundaries as number[];
    const port = await freePort();
    const app = startCli(['run', 'direct', '--count', '3', '--stay', '--port', String(port), '--buckets', out]);
    try {
      await app.waitFor('Staying up');
      expect(app.output()).toContain(`(seed 42, ${out} buckets)`);
      const exposition = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      // One series per file_type, each with every bound.
      const bounds = [...exposition.matchAll(/^http_request_duration_seconds_bucket\{le="([^"]+)"/gm)].map((m) => m[1]);
      expect([...new Set(bounds)]).toEqual([...advised.map(String), '+Inf']);
    } finally {
      await app.stop();
    }
  });
});

describe('advise at the edges of its input', () => {
  interface Predicted {
    boundaries: number[];
    byQuantile: { quantile: number; error: number | null; unbounded?: boolean }[];
    worst: number | null;
  }
  interface Advice {
    metrics: { boundaries: number[]; predicted: { advised: Predicted; current: Predicted } }[];
  }
  async function adviseJson(rows: readonly string[], ...args: string[]): Promise<Advice['metrics'][number]> {
    const file = join(dir, `edge-${rows.length}-${args.join('')}.csv`);
    await writeFile(file, `file_type,bytes,seconds\n${rows.join('\n')}\n`);
    const result = await runCli([
      'advise',
      '--truth',
      file,
      '--metric',
      'uploaded_file_bytes=bytes',
      '--json',
      ...args,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [metric] = (JSON.parse(result.stdout) as Advice).metrics;
    if (!metric) throw new Error('no advice');
    return metric;
  }

  it.each([
    ['a constant column', 50],
    ['a single row', 1],
  ])('brackets %s with two boundaries: p50 off by -2.5 %%, not -50 %%', async (_case, count) => {
    const metric = await adviseJson(
      Array.from({ length: count }, () => 'pdf,1000,0.5'),
      '--buckets',
      '4',
    );
    // By hand: every value is 1000; the bucket (950, 1000] puts p50 at 950 + 50 * 0.5 = 975, -2.5 %.
    expect(metric.boundaries).toEqual([950, 1000]);
    expect(metric.predicted.advised.byQuantile[0]).toMatchObject({ quantile: 0.5, error: -0.025 });
  });

  it('says why it advises fewer boundaries than --buckets asked for', async () => {
    const file = join(dir, 'constant.csv');
    await writeFile(file, `file_type,bytes,seconds\n${Array.from({ length: 50 }, () => 'pdf,1000,0.5').join('\n')}\n`);
    const result = await runCli(['advise', '--truth', file, '--metric', 'uploaded_file_bytes=bytes', '--buckets', '4']);
    expect(result.stdout).toContain(
      'note: uploaded_file_bytes: 2 boundaries, not --buckets 4: the nice grid holds only 2 values from just below the lowest observation to the highest (--no-nice offers a finer grid)',
    );
  });

  it('calls a quantile in the +Inf bucket unbounded instead of predicting its error', async () => {
    // 3 MB to 300 MB: most of it above the seed layout's last bound, 100 MB, so p50 to p99 land in +Inf.
    const metric = await adviseJson(Array.from({ length: 100 }, (_, i) => `pdf,${(i + 1) * 3_000_000},0.5`));
    expect(metric.predicted.current.byQuantile.map(({ error, unbounded }) => [error, unbounded])).toEqual([
      [null, true],
      [null, true],
      [null, true],
      [null, true],
    ]);
    expect(metric.predicted.current.worst).toBeNull();
  });
});

describe('advise refuses bad input with one line', () => {
  it.each([
    [
      ['--buckets', '0'],
      `error: option '--buckets <n>' argument '0' is invalid. --buckets must be a positive integer, got "0"${HELP}`,
      2,
    ],
    [
      ['--quantiles', '0.5,1.5'],
      `error: option '--quantiles <list>' argument '0.5,1.5' is invalid. --quantiles takes quantiles between 0 and 1 (exclusive), got "1.5"${HELP}`,
      2,
    ],
    [
      ['--quantiles', '0'],
      `error: option '--quantiles <list>' argument '0' is invalid. --quantiles takes quantiles between 0 and 1 (exclusive), got "0"${HELP}`,
      2,
    ],
    [['--range', 'soon', '--metric', 'm'], /--range must be a duration such as 30m, 1h or 7d, got "soon"/, 2],
    [
      [],
      'histogram-demo: advise needs --truth FILE or --metric NAME (a histogram in Prometheus); see advise --help',
      2,
    ],
  ] as const)('advise %j', async (args, expected, code) => {
    await expectOneLineError(args, expected, code);
  });

  it('refuses an empty file', async () => {
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, '');
    await expectOneLineError(
      ['--truth', empty],
      `histogram-demo: --truth ${empty}: line 1: expected a header of column names on the first line`,
      2,
    );
  });

  it('refuses an unreadable file', async () => {
    const missing = join(dir, 'missing.csv');
    await expectOneLineError(
      ['--truth', missing],
      new RegExp(`^histogram-demo: --truth ${missing}: cannot read it: ENOENT`),
      2,
    );
  });

  it('refuses more thresholds than buckets', async () => {
    await expectOneLineError(
      ['--truth', observations, '--buckets', '1', '--threshold', '2', '--threshold', '3'],
      'histogram-demo: --threshold given 2 times, more than --buckets 1: raise --buckets',
      2,
    );
  });

  it('refuses a Prometheus that is not there, naming it', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    await expectOneLineError(
      ['--metric', 'm_seconds', '--prometheus-url', url],
      /cannot reach Prometheus at http:\/\/127\.0\.0\.1/,
      1,
    );
  });
});
