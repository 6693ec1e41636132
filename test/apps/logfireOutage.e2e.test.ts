import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAppRun } from '../helpers/appRun.js';
import { runCli, startCli } from '../helpers/cli.js';
import { readObservations } from '../helpers/observations.js';
import { freePort } from '../helpers/ports.js';
import { QUIET_OTEL_ENV } from './env.js';
import { expectExplicitHistograms, expectUploadCounter } from './otlpAssertions.js';
import { counterTotal, findMetric, startOtlpReceiver, toNumber } from './otlpReceiver.js';
import { occurrences } from './output.js';

/** The collector down, then back: the Logfire app keeps recording and says so once. */

const app = useAppRun('logfire-outage-');

describe('the Logfire app with its OTLP endpoint down', () => {
  it('still records every upload, says "cannot deliver metrics" exactly once, and exits 0', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const file = join(app.dir, 'unreachable.csv');
    const result = await runCli(
      ['run', 'logfire', '--count', '500', '--seed', '7', '--otlp-endpoint', closed, '--observations', file],
      { env: QUIET_OTEL_ENV },
    );
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    expect(occurrences(output, 'cannot deliver metrics'), output).toBe(1);
    expect(output).toContain(`cannot deliver metrics to ${closed}/v1/metrics`);
    expect(output).toContain('Recorded 500 uploads');
    expect(await readObservations(file)).toHaveLength(500);
  });

  it('delivers every upload when the endpoint comes back', async () => {
    const port = await freePort();
    const file = join(app.dir, 'returns.csv');
    app.running = startCli(
      [
        'run',
        'logfire',
        '--count',
        '200',
        '--seed',
        '5',
        '--stay',
        '--otlp-endpoint',
        `http://127.0.0.1:${port}`,
        '--observations',
        file,
      ],
      { env: { ...QUIET_OTEL_ENV, OTEL_METRIC_EXPORT_INTERVAL: '500' } },
    );
    await app.running.waitFor('cannot deliver metrics');

    app.receiver = await startOtlpReceiver(port);
    const delivered = await app.receiver.waitFor((received) => counterTotal(received.body, 'file_uploads') === 200);
    const bytes = findMetric(delivered.body, 'uploaded_file_bytes');
    const total = (bytes?.histogram?.dataPoints ?? []).reduce((sum, point) => sum + toNumber(point.count), 0);
    expect(total).toBe(200);
    const uploads = await readObservations(file);
    expect(uploads).toHaveLength(200);
    expectExplicitHistograms(delivered.body, uploads, (metric) => metric.boundaries.seed);
    expectUploadCounter(delivered.body, uploads);
    await app.running.waitFor('answers again');

    const code = await app.running.stop('SIGTERM');
    expect(code, app.running.output()).toBe(0);
    expect(occurrences(app.running.output(), 'cannot deliver metrics')).toBe(1);
    expect(app.receiver.problems).toEqual([]);
  });
});
