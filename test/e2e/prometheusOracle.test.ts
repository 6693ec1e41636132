// Prometheus is the oracle (issue 19): thousands of random histograms, classic and native, go into a
// real Prometheus through its own OTLP receiver (one POST carries thousands of data points at one
// timestamp, classic from explicit buckets and native from exponential ones, without a scrape target or
// a remote-write encoder in the test), then `histogram_quantile` over a grid of q, one series per
// histogram (label `id`), is compared with our replay, our guaranteed interval and the exact values;
// then `histogram_fraction(-Inf, VALUE, ...)` over a grid of thresholds (bucket bounds of some
// histograms, values between bounds, 0, negative values), the same way.
// Seeded: ORACLE_SEED=N reproduces a run; the seed is in every failure message.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classicFraction,
  classicFractionInterval,
  exactFraction,
  nativeFraction,
  nativeFractionInterval,
} from '../../src/histogram/fractions.js';
import {
  classicGuaranteedInterval,
  classicQuantile,
  exactQuantileInterval,
  intervalsOverlap,
  type NativeBucket,
  nativeGuaranteedInterval,
  nativeQuantile,
  withinInterval,
} from '../../src/histogram/quantiles.js';
import { PrometheusClient } from '../../src/prometheus/PrometheusClient.js';
import { ensurePrometheus } from '../../src/stack/binaries.js';
import { freePort } from '../helpers/ports.js';

const SEED = Number(process.env.ORACLE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PER_KIND = 5000;
const QS = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const draw = random(SEED);
const int = (max: number) => Math.floor(draw() * max);

interface ClassicCase {
  id: string;
  bounds: number[];
  counts: number[];
  values?: number[];
}
interface NativeCase {
  id: string;
  scale: number;
  zero: number;
  positive: { offset: number; counts: number[] };
  negative: { offset: number; counts: number[] };
}

function classicCase(index: number): ClassicCase {
  const size = 1 + int(12);
  const bounds: number[] = [];
  let bound = draw() * 10;
  for (let i = 0; i < size; i++) {
    bound += 0.001 + draw() * 10 ** int(4);
    bounds.push(Number(bound.toPrecision(6)));
  }
  const unique = [...new Set(bounds)].sort((a, b) => a - b);
  const style = int(5);
  if (style === 0) {
    // Raw values: the test knows the exact quantiles.
    const n = 1 + int(200);
    const top = unique[unique.length - 1] as number;
    const values = Array.from({ length: n }, () => Number((draw() * top * 1.2).toPrecision(6)));
    const counts = [...unique, Number.POSITIVE_INFINITY].map(
      (upper, i) => values.filter((value) => value <= upper && (i === 0 || value > (unique[i - 1] as number))).length,
    );
    return { id: `c${index}`, bounds: unique, counts, values };
  }
  const counts = [...unique, 0].map(() => (draw() < 0.3 ? 0 : int(style === 1 ? 1e12 : 50)));
  if (style === 2) counts[counts.length - 1] = 1000 + int(1000); // most of the mass in +Inf
  if (style === 3) counts.fill(0).splice(int(counts.length), 1, 1); // one observation
  if (!counts.some((count) => count > 0)) counts[0] = 1;
  return { id: `c${index}`, bounds: unique, counts };
}

function nativeCase(index: number): NativeCase {
  const scale = -4 + int(13);
  const span = () => {
    if (draw() < 0.3) return { offset: 0, counts: [] };
    const counts = Array.from({ length: 1 + int(20) }, () => (draw() < 0.4 ? 0 : 1 + int(draw() < 0.1 ? 1e9 : 30)));
    if (!counts.some((count) => count > 0)) counts[0] = 1;
    return { offset: -20 + int(40), counts };
  };
  const positive = span();
  const negative = draw() < 0.3 ? span() : { offset: 0, counts: [] };
  const zero = draw() < 0.3 ? int(5) : 0;
  if (positive.counts.length === 0 && negative.counts.length === 0 && zero === 0) positive.counts.push(1);
  return { id: `n${index}`, scale, zero, positive, negative };
}

const classicCases = Array.from({ length: PER_KIND }, (_, i) => classicCase(i));
const nativeCases = Array.from({ length: PER_KIND }, (_, i) => nativeCase(i));

function nativeBucketsOf(c: NativeCase): NativeBucket[] {
  const bound = (i: number) => 2 ** (i / 2 ** c.scale);
  const buckets: NativeBucket[] = [];
  // OTLP bucket i (offset + position) spans (base^i, base^(i+1)]; Prometheus' index is i + 1.
  c.positive.counts.forEach((count, k) => {
    const i = c.positive.offset + k + 1;
    if (count > 0) buckets.push({ lower: bound(i - 1), upper: bound(i), count });
  });
  c.negative.counts.forEach((count, k) => {
    const i = c.negative.offset + k + 1;
    if (count > 0) buckets.push({ lower: -bound(i), upper: -bound(i - 1), count });
  });
  // The OTLP translator gives every exponential histogram the default zero threshold, 1e-128.
  const threshold = 1e-128;
  if (c.zero > 0) buckets.push({ lower: -threshold, upper: threshold, count: c.zero });
  return buckets;
}

const nowNs = () => `${BigInt(Date.now()) * 1_000_000n}`;

function otlpBody(time: string) {
  const attributes = (id: string) => [{ key: 'id', value: { stringValue: id } }];
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'oracle' } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'oracle_classic',
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: classicCases.map((c) => ({
                    attributes: attributes(c.id),
                    timeUnixNano: time,
                    count: String(c.counts.reduce((a, b) => a + b, 0)),
                    bucketCounts: c.counts.map(String),
                    explicitBounds: c.bounds,
                  })),
                },
              },
              {
                name: 'oracle_native',
                exponentialHistogram: {
                  aggregationTemporality: 2,
                  dataPoints: nativeCases.map((c) => ({
                    attributes: attributes(c.id),
                    timeUnixNano: time,
                    count: String(c.zero + [...c.positive.counts, ...c.negative.counts].reduce((a, b) => a + b, 0)),
                    sum: 1,
                    scale: c.scale,
                    zeroCount: String(c.zero),
                    positive: { offset: c.positive.offset, bucketCounts: c.positive.counts.map(String) },
                    negative: { offset: c.negative.offset, bucketCounts: c.negative.counts.map(String) },
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

let prometheus: ChildProcess | undefined;
let dir = '';
let client: PrometheusClient;
let at = 0;

beforeAll(async () => {
  const { prometheus: binary, prometheusCwd } = await ensurePrometheus(() => {});
  dir = await mkdtemp(join(tmpdir(), 'oracle-'));
  const port = await freePort();
  await writeFile(join(dir, 'prometheus.yml'), 'global: {}\n');
  prometheus = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-otlp-receiver',
    ],
    { stdio: 'ignore', ...(prometheusCwd ? { cwd: prometheusCwd } : {}) },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((done) => setTimeout(done, 500));
  }
  const time = nowNs();
  const response = await fetch(`${url}/api/v1/otlp/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(otlpBody(time)),
  });
  expect(response.status, await response.text()).toBe(200);
  at = Number(BigInt(time) / 1_000_000n) / 1000;
  client = new PrometheusClient(url).at(at);
}, 600_000);

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  if (prometheus && prometheus.exitCode === null) await new Promise((done) => prometheus?.once('exit', done));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const close = (ours: number, theirs: number) =>
  (Number.isNaN(ours) && Number.isNaN(theirs)) ||
  ours === theirs ||
  Math.abs(ours - theirs) <= 1e-12 * Math.abs(theirs);

describe(`Prometheus' histogram_quantile on ${PER_KIND} classic and ${PER_KIND} native random histograms (ORACLE_SEED=${SEED})`, () => {
  it('equals our replay on every classic histogram, lies in our guaranteed interval, which meets the exact one', async () => {
    const failures: string[] = [];
    for (const q of QS) {
      const results = new Map(
        (await client.query(`histogram_quantile(${q}, oracle_classic_bucket)`)).map((s) => [s.labels.id, s.value]),
      );
      for (const c of classicCases) {
        let cumulative = 0;
        const buckets = [...c.bounds, Number.POSITIVE_INFINITY].map((upperBound, i) => {
          cumulative += c.counts[i] as number;
          return { upperBound, cumulativeCount: cumulative };
        });
        const theirs = results.get(c.id) ?? Number.NaN;
        const ours = classicQuantile(buckets, q);
        const interval = classicGuaranteedInterval(buckets, q);
        if (!close(ours, theirs)) failures.push(`${c.id} q=${q}: ours ${ours}, Prometheus ${theirs}`);
        if (interval && !withinInterval(theirs, interval))
          failures.push(`${c.id} q=${q}: Prometheus ${theirs} outside [${interval.lower}, ${interval.upper}]`);
        if (c.values && interval) {
          const exact = exactQuantileInterval(
            [...c.values].sort((a, b) => a - b),
            q,
          );
          if (exact && !intervalsOverlap(exact, interval))
            failures.push(
              `${c.id} q=${q}: exact [${exact.lower}, ${exact.upper}] outside [${interval.lower}, ${interval.upper}]`,
            );
        }
      }
    }
    expect(failures.slice(0, 10), `ORACLE_SEED=${SEED}: ${failures.length} failures`).toEqual([]);
  });

  it('equals our replay on every native histogram (schemas -4 to 8), and lies in our guaranteed interval', async () => {
    const failures: string[] = [];
    for (const q of QS) {
      const results = new Map(
        (await client.query(`histogram_quantile(${q}, oracle_native)`)).map((s) => [s.labels.id, s.value]),
      );
      for (const c of nativeCases) {
        const buckets = nativeBucketsOf(c);
        const count = buckets.reduce((total, bucket) => total + bucket.count, 0);
        const theirs = results.get(c.id) ?? Number.NaN;
        const ours = nativeQuantile({ count, sum: 1, buckets }, q);
        const interval = nativeGuaranteedInterval(buckets, count, q);
        if (!close(ours, theirs))
          failures.push(`${c.id} (scale ${c.scale}) q=${q}: ours ${ours}, Prometheus ${theirs}`);
        if (interval && !withinInterval(theirs, interval))
          failures.push(`${c.id} q=${q}: Prometheus ${theirs} outside [${interval.lower}, ${interval.upper}]`);
      }
    }
    expect(failures.slice(0, 10), `ORACLE_SEED=${SEED}: ${failures.length} failures`).toEqual([]);
  });
});

/** Cumulative classic buckets of a case, `+Inf` last. */
function cumulativeOf(c: ClassicCase) {
  let cumulative = 0;
  return [...c.bounds, Number.POSITIVE_INFINITY].map((upperBound, i) => {
    cumulative += c.counts[i] as number;
    return { upperBound, cumulativeCount: cumulative };
  });
}

// Thresholds: bounds of some classic cases (a boundary there, between boundaries elsewhere), native
// bucket bounds at a few scales, values inside buckets, 0, negative values, beyond every bucket.
const classicThresholds = [
  ...Array.from({ length: 12 }, () => {
    const c = classicCases[int(classicCases.length)] as ClassicCase;
    return c.bounds[int(c.bounds.length)] as number;
  }),
  ...Array.from({ length: 8 }, () => Number((draw() * 2000).toPrecision(4))),
  0,
  -3.5,
  1e9,
];
const nativeThresholds = [
  ...Array.from({ length: 10 }, () => 2 ** ((-20 + int(40)) / 2 ** int(4))),
  ...Array.from({ length: 6 }, () => -(2 ** ((-20 + int(40)) / 2 ** int(4)))),
  ...Array.from({ length: 6 }, () => (draw() < 0.5 ? -1 : 1) * Number((draw() * 3000).toPrecision(5))),
  0,
  1e-130,
];

describe(`Prometheus' histogram_fraction on the same histograms (ORACLE_SEED=${SEED})`, () => {
  const closeShare = (ours: number, theirs: number) =>
    (Number.isNaN(ours) && Number.isNaN(theirs)) || Math.abs(ours - theirs) <= 1e-12;
  const inside = (share: number, interval: { lower: number; upper: number }) =>
    share >= interval.lower - 1e-12 && share <= interval.upper + 1e-12;

  it('equals our replay on every classic histogram, inside our guaranteed interval, which holds the exact share', async () => {
    const failures: string[] = [];
    for (const threshold of classicThresholds) {
      const results = new Map(
        (await client.query(`histogram_fraction(-Inf, ${threshold}, oracle_classic_bucket)`)).map((s) => [
          s.labels.id,
          s.value,
        ]),
      );
      for (const c of classicCases) {
        const buckets = cumulativeOf(c);
        const theirs = results.get(c.id) ?? Number.NaN;
        const ours = classicFraction(buckets, threshold);
        const interval = classicFractionInterval(buckets, threshold);
        const at = `${c.id} threshold ${threshold}`;
        if (!closeShare(ours, theirs)) failures.push(`${at}: ours ${ours}, Prometheus ${theirs}`);
        if (interval && !inside(theirs, interval))
          failures.push(`${at}: Prometheus ${theirs} outside [${interval.lower}, ${interval.upper}]`);
        if (c.values && interval && !inside(exactFraction(c.values, threshold), interval))
          failures.push(
            `${at}: exact ${exactFraction(c.values, threshold)} outside [${interval.lower}, ${interval.upper}]`,
          );
      }
    }
    expect(failures.slice(0, 10), `ORACLE_SEED=${SEED}: ${failures.length} failures`).toEqual([]);
  });

  it('equals our replay on every native histogram (logarithmic inside exponential buckets), inside our interval', async () => {
    const failures: string[] = [];
    for (const threshold of nativeThresholds) {
      const results = new Map(
        (await client.query(`histogram_fraction(-Inf, ${threshold}, oracle_native)`)).map((s) => [
          s.labels.id,
          s.value,
        ]),
      );
      for (const c of nativeCases) {
        const buckets = nativeBucketsOf(c);
        const count = buckets.reduce((total, bucket) => total + bucket.count, 0);
        const theirs = results.get(c.id) ?? Number.NaN;
        const ours = nativeFraction({ count, sum: 1, buckets }, threshold);
        const interval = nativeFractionInterval({ count, sum: 1, buckets }, threshold);
        const at = `${c.id} (scale ${c.scale}) threshold ${threshold}`;
        if (!closeShare(ours, theirs)) failures.push(`${at}: ours ${ours}, Prometheus ${theirs}`);
        if (interval && !inside(theirs, interval))
          failures.push(`${at}: Prometheus ${theirs} outside [${interval.lower}, ${interval.upper}]`);
      }
    }
    expect(failures.slice(0, 10), `ORACLE_SEED=${SEED}: ${failures.length} failures`).toEqual([]);
  });
});
