import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OTEL_DEFAULT_BOUNDARIES } from '../../src/metrics/definitions.js';
import { runCli } from '../helpers/cli.js';
import { readObservations } from '../helpers/observations.js';
import { freePort } from '../helpers/ports.js';
import { QUIET_OTEL_ENV } from './env.js';
import { expectExplicitHistograms, expectExponentialHistograms, expectUploadCounter } from './otlpAssertions.js';
import { counterTotal, type OtlpReceiver, type ReceivedExport, startOtlpReceiver } from './otlpReceiver.js';

/**
 * The Logfire app end to end: the compiled CLI exports OTLP/HTTP to a receiver started here,
 * and what arrives must equal, bucket by bucket, what the observations file says was recorded.
 */

let dir: string;
let receiver: OtlpReceiver;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logfire-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await receiver?.close();
});

function lastExport(): ReceivedExport {
  const last = receiver.exports.at(-1);
  if (!last) throw new Error('the receiver got no export');
  return last;
}

/**
 * Runs `run logfire` to completion against a fresh receiver (`{receiver}` in `extra` stands
 * for its URL). `--otlp-endpoint` goes to `otlpEndpoint`, by default the receiver too.
 */
async function runLogfire(extra: readonly string[], count: number, file: string, otlpEndpoint?: string) {
  receiver = await startOtlpReceiver();
  const url = receiver.url;
  const result = await runCli(
    [
      'run',
      'logfire',
      '--count',
      String(count),
      '--observations',
      file,
      '--otlp-endpoint',
      otlpEndpoint ?? url,
      ...extra.map((arg) => (arg === '{receiver}' ? url : arg)),
    ],
    { env: QUIET_OTEL_ENV },
  );
  expect(result.stderr).toBe('');
  expect(result.code, result.stdout).toBe(0);
  expect(receiver.problems).toEqual([]);
  expect(receiver.exports.length).toBeGreaterThan(0);
  return result;
}

describe('the Logfire app’s OTLP export', () => {
  it('sends both histograms with the seed boundaries and per-file_type counts, sums and buckets equal to the observations', async () => {
    const file = join(dir, 'seed.csv');
    const result = await runLogfire(['--seed', '7'], 500, file);
    expect(result.stdout).toContain(
      `Logfire app: OTLP/HTTP to ${receiver.url}/v1/metrics every 5s (explicit histograms)`,
    );
    expect(result.stdout).toContain(`Recorded 500 uploads; observations in ${file}`);

    const uploads = await readObservations(file);
    expect(uploads).toHaveLength(500);
    expect(new Set(uploads.map((upload) => upload.fileType)).size).toBe(4);
    for (const received of receiver.exports) expect(received.path).toBe('/v1/metrics');
    expect(lastExport().contentType).toContain('application/json');
    expectExplicitHistograms(lastExport().body, uploads, (metric) => metric.boundaries.seed);
    expectUploadCounter(lastExport().body, uploads);
  });

  it('delivers everything before it exits: the flush export already carries all uploads', async () => {
    const file = join(dir, 'flush.csv');
    await runLogfire(['--seed', '8'], 300, file);
    // Cumulative temporality: every export after the workload carries the full totals.
    const first = receiver.exports[0] as ReceivedExport;
    expect(counterTotal(first.body, 'file_uploads')).toBe(300);
    for (const received of receiver.exports) expect(counterTotal(received.body, 'file_uploads')).toBe(300);
  });

  it('sends OpenTelemetry’s default boundaries [0, 5, …, 10000] with --buckets otel-default', async () => {
    const file = join(dir, 'otel-default.csv');
    await runLogfire(['--seed', '7', '--buckets', 'otel-default'], 200, file);
    const uploads = await readObservations(file);
    expectExplicitHistograms(lastExport().body, uploads, () => OTEL_DEFAULT_BOUNDARIES);
    expectUploadCounter(lastExport().body, uploads);
  });

  it('sends the 1-2-5 boundaries with --buckets fine', async () => {
    const file = join(dir, 'fine.csv');
    await runLogfire(['--seed', '7', '--buckets', 'fine'], 200, file);
    const uploads = await readObservations(file);
    expectExplicitHistograms(lastExport().body, uploads, (metric) => metric.boundaries.fine);
  });

  it('sends exponential histograms with equal counts, sums and buckets with --aggregation exponential', async () => {
    const file = join(dir, 'exponential.csv');
    const explicitReceiver = await startOtlpReceiver();
    try {
      // Exponential histograms go to their own endpoint (the collector's native-histogram receiver).
      const result = await runLogfire(
        ['--seed', '7', '--aggregation', 'exponential', '--otlp-exponential-endpoint', '{receiver}'],
        500,
        file,
        explicitReceiver.url,
      );
      expect(result.stdout).toContain(`OTLP/HTTP to ${receiver.url}/v1/metrics every 5s (exponential histograms)`);
      expect(explicitReceiver.exports).toEqual([]);
    } finally {
      await explicitReceiver.close();
    }
    const uploads = await readObservations(file);
    expectExponentialHistograms(lastExport().body, uploads);
    expectUploadCounter(lastExport().body, uploads);
  });

  it('sends both kinds, each to its own endpoint, from the same uploads with --aggregation both', async () => {
    const file = join(dir, 'both-aggregations.csv');
    const explicitReceiver = await startOtlpReceiver();
    try {
      const result = await runLogfire(
        ['--seed', '7', '--aggregation', 'both', '--otlp-exponential-endpoint', '{receiver}'],
        300,
        file,
        explicitReceiver.url,
      );
      expect(result.stdout).toContain(`OTLP/HTTP to ${explicitReceiver.url}/v1/metrics every 5s (explicit histograms)`);
      expect(result.stdout).toContain(`OTLP/HTTP to ${receiver.url}/v1/metrics every 5s (exponential histograms)`);
      const uploads = await readObservations(file);
      const explicit = explicitReceiver.exports.at(-1);
      if (!explicit) throw new Error('no explicit-bucket export');
      expect(explicitReceiver.problems).toEqual([]);
      expectExplicitHistograms(explicit.body, uploads, (metric) => metric.boundaries.seed);
      expectUploadCounter(explicit.body, uploads);
      expectExponentialHistograms(lastExport().body, uploads);
      expectUploadCounter(lastExport().body, uploads);
    } finally {
      await explicitReceiver.close();
    }
  });
});

describe('the Logfire app’s OTLP endpoint', () => {
  async function runWithEnv(env: NodeJS.ProcessEnv, extra: readonly string[] = []) {
    const result = await runCli(['run', 'logfire', '--count', '20', '--seed', '4', ...extra], {
      env: { ...QUIET_OTEL_ENV, ...env },
    });
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(receiver.problems).toEqual([]);
    expect(receiver.exports.length).toBeGreaterThan(0);
    for (const received of receiver.exports) expect(counterTotal(received.body, 'file_uploads')).toBe(20);
    return result;
  }

  it('honours OTEL_EXPORTER_OTLP_ENDPOINT without --otlp-endpoint, appending /v1/metrics', async () => {
    receiver = await startOtlpReceiver();
    const result = await runWithEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect(result.stdout).toContain(`OTLP/HTTP to ${receiver.url}/v1/metrics`);
    expect(new Set(receiver.exports.map((received) => received.path))).toEqual(new Set(['/v1/metrics']));
  });

  it('appends /v1/metrics to a base path in OTEL_EXPORTER_OTLP_ENDPOINT, trailing slash or not', async () => {
    receiver = await startOtlpReceiver();
    await runWithEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/otlp/` });
    expect(new Set(receiver.exports.map((received) => received.path))).toEqual(new Set(['/otlp/v1/metrics']));
  });

  it('uses OTEL_EXPORTER_OTLP_METRICS_ENDPOINT as it is', async () => {
    receiver = await startOtlpReceiver();
    await runWithEnv({
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${receiver.url}/custom/metrics`,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    });
    expect(new Set(receiver.exports.map((received) => received.path))).toEqual(new Set(['/custom/metrics']));
  });

  it('prefers --otlp-endpoint to the environment', async () => {
    receiver = await startOtlpReceiver();
    const closed = `http://127.0.0.1:${await freePort()}`;
    const result = await runWithEnv(
      { OTEL_EXPORTER_OTLP_ENDPOINT: closed, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${closed}/v1/metrics` },
      ['--otlp-endpoint', receiver.url],
    );
    expect(result.stdout).not.toContain('cannot deliver');
    expect(new Set(receiver.exports.map((received) => received.path))).toEqual(new Set(['/v1/metrics']));
  });

  it('exports at the interval OTEL_METRIC_EXPORT_INTERVAL sets', async () => {
    receiver = await startOtlpReceiver();
    const result = await runWithEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '1500' });
    expect(result.stdout).toContain('every 1.5s');
  });
});
