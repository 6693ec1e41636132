import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatUpload } from '../../src/apps/runWorkload.js';
import { uploadStream } from '../../src/workload/uploads.js';
import { useAppRun } from '../helpers/appRun.js';
import { startCli } from '../helpers/cli.js';
import { readObservations } from '../helpers/observations.js';
import { QUIET_OTEL_ENV } from './env.js';
import { expectExplicitHistograms, expectUploadCounter } from './otlpAssertions.js';
import { counterTotal, startOtlpReceiver } from './otlpReceiver.js';
import { linesStartingWith } from './output.js';

/** Ctrl-C (or a TERM from Docker) flushes: what the user saw printed is what the collector gets. */

const app = useAppRun('logfire-signals-');

describe('stopping the Logfire app in real time', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'flushes on %s: the last export counts exactly the uploads printed and written to the observations file',
    async (signal) => {
      app.receiver = await startOtlpReceiver();
      const file = join(app.dir, `${signal}.csv`);
      const cli = startCli(
        ['run', 'logfire', '--rate', '50', '--seed', '42', '--otlp-endpoint', app.receiver.url, '--observations', file],
        { env: QUIET_OTEL_ENV },
      );
      app.running = cli;
      await expect
        .poll(() => linesStartingWith(cli.output(), 'Uploaded ').length, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(5);

      const code = await cli.stop(signal);
      const output = cli.output();
      expect(code, output).toBe(0);
      const printed = linesStartingWith(output, 'Uploaded ');
      expect(printed.length).toBeGreaterThanOrEqual(5);
      expect(output).toContain(`Recorded ${printed.length} uploads`);

      // The printed lines are the seed's stream, in order.
      const stream = uploadStream(42);
      expect(printed).toEqual(printed.map(() => formatUpload(stream.next().value)));

      const uploads = await readObservations(file);
      expect(uploads).toHaveLength(printed.length);
      expect(uploads.map(formatUpload)).toEqual(printed);

      expect(app.receiver.problems).toEqual([]);
      const last = app.receiver.exports.at(-1);
      if (!last) throw new Error(`no export received:\n${output}`);
      expect(counterTotal(last.body, 'file_uploads')).toBe(printed.length);
      expectUploadCounter(last.body, uploads);
      expectExplicitHistograms(last.body, uploads, (metric) => metric.boundaries.seed);
    },
  );
});
