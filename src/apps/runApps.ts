/** `run` and `start`: the chosen apps recording one seeded workload side by side. */
import { hostname } from 'node:os';
import { SERVICE_NAME } from '../config/defaults.js';
import { resolveExponentialMetricsUrl, resolveExportIntervalMs, resolveOtlpMetricsUrl } from '../config/env.js';
import { type BucketChoice, bucketChoiceName } from '../metrics/definitions.js';
import { ObservationsWriter } from '../workload/observations.js';
import { SEED_RATE } from '../workload/uploads.js';
import { type HistogramAggregation, LogfireRecorder } from './logfire/LogfireRecorder.js';
import { DirectRecorder } from './prom/DirectRecorder.js';
import { runWorkload } from './runWorkload.js';
import type { UploadRecorder } from './UploadRecorder.js';

/** One Logfire app per host by default; restarts continue the same series. */
export const DEFAULT_INSTANCE_ID = `${SERVICE_NAME}@${hostname()}`;

export const APPS = ['both', 'logfire', 'direct'] as const;
export type AppChoice = (typeof APPS)[number];

export interface RunOptions {
  seed: number;
  count?: number;
  rate?: number;
  stay: boolean;
  observations?: string;
  port: number;
  host: string;
  otlpEndpoint?: string;
  otlpExponentialEndpoint?: string;
  instanceId: string;
  buckets: BucketChoice;
  aggregation: HistogramAggregation;
}

const log = (line: string) => console.log(line);

/**
 * Starts the chosen apps, runs the workload, flushes, and (with `stay`) serves until a signal. A
 * taken port is a PortInUseError whose hint the caller words (it knows the flag).
 */
export async function runApps(app: AppChoice, options: RunOptions): Promise<void> {
  const recorders: UploadRecorder[] = [];
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let observations: ObservationsWriter | undefined;
  try {
    // Resolve everything that can be wrong before binding a port or recording anything.
    // The Logfire app's settings are checked only when it runs: `run direct` ignores them.
    const logfireOptions =
      app === 'direct'
        ? undefined
        : {
            metricsUrl: resolveOtlpMetricsUrl(process.env, options.otlpEndpoint),
            exponentialMetricsUrl: resolveExponentialMetricsUrl(options.otlpExponentialEndpoint),
            exportIntervalMs: resolveExportIntervalMs(process.env),
            layout: options.buckets,
            aggregation: options.aggregation,
            instanceId: options.instanceId,
            log,
          };
    if (app !== 'logfire') {
      recorders.push(await DirectRecorder.start({ host: options.host, port: options.port, layout: options.buckets }));
    }
    if (logfireOptions) recorders.push(new LogfireRecorder(logfireOptions));
    if (options.observations) observations = await ObservationsWriter.open(options.observations);

    const fast = options.count !== undefined && options.rate === undefined;
    log('Starting Logfire Histogram Demo');
    for (const recorder of recorders) log(recorder.destination);
    log(
      fast
        ? `Recording ${options.count} uploads as fast as possible (seed ${options.seed}, ${bucketChoiceName(options.buckets)} buckets)`
        : `Recording uploads in real time at ${options.rate ?? SEED_RATE} per second (seed ${options.seed}); Ctrl-C to stop`,
    );
    const recorded = await runWorkload(recorders, {
      seed: options.seed,
      count: options.count,
      rate: fast ? undefined : (options.rate ?? SEED_RATE),
      observations,
      log,
      signal: controller.signal,
    });
    await observations?.close();
    observations = undefined;
    await Promise.all(recorders.map((recorder) => recorder.flush()));
    log(`Recorded ${recorded} uploads${options.observations ? `; observations in ${options.observations}` : ''}`);
    if (options.stay && !controller.signal.aborted) {
      log('Staying up so Prometheus can scrape; Ctrl-C to stop');
      await new Promise<void>((resolve) =>
        controller.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
  } finally {
    await observations?.close();
    await Promise.all(recorders.map((recorder) => recorder.shutdown()));
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
