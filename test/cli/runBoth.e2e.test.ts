import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatUpload } from '../../src/apps/runWorkload.js';
import { FILE_TYPE_LABEL, HISTOGRAMS } from '../../src/metrics/definitions.js';
import { uploadStream } from '../../src/workload/uploads.js';
import { QUIET_OTEL_ENV } from '../apps/env.js';
import { closeTo } from '../apps/expected.js';
import { expectExplicitHistograms, expectUploadCounter } from '../apps/otlpAssertions.js';
import { attribute, counterTotal, findMetric, startOtlpReceiver, toNumber } from '../apps/otlpReceiver.js';
import { linesStartingWith } from '../apps/output.js';
import { expectExposition } from '../apps/promAssertions.js';
import { only, parsePrometheusText, select } from '../apps/promText.js';
import { useAppRun } from '../helpers/appRun.js';
import { runCli, startCli } from '../helpers/cli.js';
import { readObservations } from '../helpers/observations.js';
import { freePort } from '../helpers/ports.js';

/** `run` with no app name: both apps side by side on one seeded workload. */

const UPLOADED_LINE = /^Uploaded (small|medium|large|very_large) file: [\d,]+ bytes, duration: \d+\.\d\ds$/m;

const app = useAppRun('run-both-');

describe('run (both apps)', () => {
  it('records 1000 uploads with seed 42 on free ports, exits 0 and prints "Recorded 1000 uploads"', async () => {
    app.receiver = await startOtlpReceiver();
    const port = await freePort();
    const file = join(app.dir, 'both.csv');
    const result = await runCli(
      [
        'run',
        '--count',
        '1000',
        '--seed',
        '42',
        '--port',
        String(port),
        '--otlp-endpoint',
        app.receiver.url,
        '--observations',
        file,
      ],
      { env: QUIET_OTEL_ENV },
    );
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('Recorded 1000 uploads');
    expect(result.stdout.split('\n')[0]).toBe('Starting Logfire Histogram Demo');
    expect(result.stdout).toContain(`Direct app: Prometheus metrics at http://127.0.0.1:${port}/metrics`);
    expect(result.stdout).toContain(`Logfire app: OTLP/HTTP to ${app.receiver.url}/v1/metrics`);
    expect(result.stdout).toContain('Recording 1000 uploads as fast as possible (seed 42, seed buckets)');
    expect(linesStartingWith(result.stdout, 'Recorded ').filter((line) => line.includes('/1000'))).toHaveLength(10);

    const uploads = await readObservations(file);
    expect(uploads).toHaveLength(1000);
    const last = app.receiver.exports.at(-1);
    if (!last) throw new Error('no OTLP export');
    expectExplicitHistograms(last.body, uploads, (metric) => metric.boundaries.seed);
    expectUploadCounter(last.body, uploads);
  });

  it('makes both apps hold the same histograms, bucket by bucket', async () => {
    app.receiver = await startOtlpReceiver();
    const port = await freePort();
    const file = join(app.dir, 'side-by-side.csv');
    app.running = startCli(
      [
        'run',
        '--count',
        '1000',
        '--seed',
        '42',
        '--stay',
        '--port',
        String(port),
        '--otlp-endpoint',
        app.receiver.url,
        '--observations',
        file,
      ],
      { env: QUIET_OTEL_ENV },
    );
    await app.running.waitFor('Staying up');
    const otlp = await app.receiver.waitFor((received) => counterTotal(received.body, 'file_uploads') === 1000);
    const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    const uploads = await readObservations(file);
    expectExposition(samples, uploads, (metric) => metric.boundaries.seed);

    for (const metric of HISTOGRAMS) {
      const points = findMetric(otlp.body, metric.name)?.histogram?.dataPoints ?? [];
      expect(points.length).toBe(4);
      for (const point of points) {
        const labels = { file_type: attribute(point, FILE_TYPE_LABEL) ?? '' };
        let running = 0;
        const cumulative = point.bucketCounts.map((count) => {
          running += toNumber(count);
          return running;
        });
        const direct = select(samples, `${metric.name}_bucket`, labels);
        expect(direct.map((sample) => sample.labels.le)).toEqual([...point.explicitBounds.map(String), '+Inf']);
        expect(direct.map((sample) => sample.value)).toEqual(cumulative);
        expect(only(samples, `${metric.name}_count`, labels)).toBe(toNumber(point.count));
        expect(closeTo(only(samples, `${metric.name}_sum`, labels), point.sum ?? Number.NaN)).toBe(true);
      }
    }
    expect(await app.running.stop('SIGTERM')).toBe(0);
  });

  it('prints the seed’s console lines in real time', async () => {
    app.receiver = await startOtlpReceiver();
    const port = await freePort();
    const cli = startCli(
      ['run', '--rate', '50', '--seed', '42', '--port', String(port), '--otlp-endpoint', app.receiver.url],
      {
        env: QUIET_OTEL_ENV,
      },
    );
    app.running = cli;
    await cli.waitFor(UPLOADED_LINE);
    await expect
      .poll(() => linesStartingWith(cli.output(), 'Uploaded ').length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    expect(await cli.stop('SIGINT')).toBe(0);

    const output = cli.output();
    expect(output.split('\n')[0]).toBe('Starting Logfire Histogram Demo');
    expect(output).toContain('Recording uploads in real time at 50 per second (seed 42); Ctrl-C to stop');
    const printed = linesStartingWith(output, 'Uploaded ');
    for (const line of printed) expect(line).toMatch(UPLOADED_LINE);
    const stream = uploadStream(42);
    expect(printed).toEqual(printed.map(() => formatUpload(stream.next().value)));
    // Real time prints each upload, not fast mode's progress lines.
    expect(output).not.toMatch(/Recorded \d+\/\d+ uploads/);
  });
});

describe('help', () => {
  it('exits 0 and lists the run command and its flags', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^\s+run \[options\] \[app\]/m);
    const run = await runCli(['run', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--seed', '--count', '--rate', '--stay', '--observations', '--port', '--otlp-endpoint']) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain('--buckets');
    expect(run.stdout).toContain('--aggregation');
  });
});
