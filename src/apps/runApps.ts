/** `run` and `start`: the chosen apps (Node or the seed's Python SDKs) recording one seeded workload side by side. */
import { hostname } from 'node:os';
import { SERVICE_NAME } from '../config/defaults.js';
import {
  parseHttpUrl,
  resolveExponentialMetricsUrl,
  resolveExportIntervalMs,
  resolveOtlpMetricsUrl,
  withMetricsPath,
} from '../config/env.js';
import { PortInUseError } from '../errors/PortInUseError.js';
import { type BucketChoice, bucketChoiceName } from '../metrics/definitions.js';
import { cacheDir } from '../stack/paths.js';
import { ObservationsWriter } from '../workload/observations.js';
import { SEED_RATE } from '../workload/uploads.js';
import { type HistogramAggregation, LogfireRecorder, type LogfireRecorderOptions } from './logfire/LogfireRecorder.js';
import { DirectRecorder } from './prom/DirectRecorder.js';
import { PythonApps, type PythonExport } from './python/PythonApps.js';
import { ensurePythonEnv } from './python/venv.js';
import { runWorkload } from './runWorkload.js';
import type { UploadRecorder } from './UploadRecorder.js';

/** One Logfire app per host by default; restarts continue the same series. */
export const DEFAULT_INSTANCE_ID = `${SERVICE_NAME}@${hostname()}`;

export const APPS = ['both', 'logfire', 'direct'] as const;
export type AppChoice = (typeof APPS)[number];

/** Which SDKs record: the Node apps (Logfire JS, prom-client) or the seed's Python ones (logfire, prometheus_client). */
export const SDKS = ['node', 'python'] as const;
export type Sdk = (typeof SDKS)[number];

/** Logfire's own default in each SDK: the JS SDK passes no view (explicit), the Python SDK makes every histogram exponential. */
export function defaultAggregation(sdk: Sdk): HistogramAggregation {
  return sdk === 'python' ? 'exponential' : 'explicit';
}

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
  /** Prometheus' own OTLP receiver (base URL): exponential histograms sent there too, with no collector. */
  prometheusOtlpEndpoint?: string;
  instanceId: string;
  sdk: Sdk;
  buckets: BucketChoice;
  aggregation: HistogramAggregation;
  /** The flag that sets `port`, named when the port is taken. @example '--app-port' */
  portFlag?: string;
}

const log = (line: string) => console.log(line);

/**
 * The Logfire app's settings, resolved before a port is bound or anything recorded; undefined
 * when it does not run (`run direct` ignores them, so they are not checked then).
 */
function logfireOptionsOf(app: AppChoice, options: RunOptions): LogfireRecorderOptions | undefined {
  if (app === 'direct') return undefined;
  return {
    metricsUrl: resolveOtlpMetricsUrl(process.env, options.otlpEndpoint),
    exponentialMetricsUrl: resolveExponentialMetricsUrl(options.otlpExponentialEndpoint),
    prometheusOtlpMetricsUrl:
      options.prometheusOtlpEndpoint === undefined
        ? undefined
        : withMetricsPath(parseHttpUrl(options.prometheusOtlpEndpoint, '--prometheus-otlp-endpoint')),
    exportIntervalMs: resolveExportIntervalMs(process.env),
    layout: options.buckets,
    aggregation: options.aggregation,
    instanceId: options.instanceId,
    log,
  };
}

/** Rethrows a taken port with the flag that chooses another. */
function portInUseWithHint(options: RunOptions) {
  return (error: unknown): never => {
    if (!(error instanceof PortInUseError)) throw error;
    const hint = `choose another with ${options.portFlag ?? '--port'} or stop that process`;
    throw new PortInUseError(error.host, error.port, error.holder, hint, { cause: error });
  };
}

/** Where the Python Logfire app sends its histograms: explicit and exponential, as the aggregation asks. */
function pythonExports(options: RunOptions, logfire: LogfireRecorderOptions | undefined): PythonExport[] {
  const exports: PythonExport[] = [];
  if (!logfire) return exports;
  if (options.aggregation !== 'exponential') exports.push({ kind: 'explicit', url: logfire.metricsUrl.href });
  if (options.aggregation !== 'explicit') {
    exports.push({ kind: 'exponential', url: logfire.exponentialMetricsUrl.href });
  }
  if (logfire.prometheusOtlpMetricsUrl) {
    exports.push({ kind: 'exponential', url: logfire.prometheusOtlpMetricsUrl.href });
  }
  return exports;
}

/**
 * Starts the chosen apps of the chosen SDK, each pushed into `recorders` as soon as it runs, so
 * that the caller shuts down what started even when a later one fails.
 */
async function startRecorders(
  app: AppChoice,
  options: RunOptions,
  logfire: LogfireRecorderOptions | undefined,
  recorders: UploadRecorder[],
): Promise<void> {
  const portInUse = portInUseWithHint(options);
  if (options.sdk === 'python') {
    const { python } = await ensurePythonEnv({ cacheDir: cacheDir(), log });
    recorders.push(
      await PythonApps.start({
        python,
        serviceName: SERVICE_NAME,
        instanceId: options.instanceId,
        layout: options.buckets,
        aggregation: options.aggregation,
        exports: pythonExports(options, logfire),
        exportIntervalMs: logfire?.exportIntervalMs ?? resolveExportIntervalMs(process.env),
        direct: app === 'logfire' ? undefined : { host: options.host, port: options.port },
        // The Python apps write what they recorded: a Node and a Python run of one seed must match.
        observations: options.observations,
        log,
      }).catch(portInUse),
    );
    return;
  }
  if (app !== 'logfire') {
    recorders.push(
      await DirectRecorder.start({ host: options.host, port: options.port, layout: options.buckets }).catch(portInUse),
    );
  }
  if (logfire) recorders.push(new LogfireRecorder(logfire));
}

/** The lines that say what records where, and how fast. */
function announce(options: RunOptions, recorders: readonly UploadRecorder[], fast: boolean): void {
  // The seed's own first line, unchanged; which SDKs record goes on the next.
  log('Starting Logfire Histogram Demo');
  log(
    `SDKs: ${options.sdk === 'python' ? 'Python (logfire, prometheus_client)' : 'Node.js (@pydantic/logfire-node, prom-client)'}`,
  );
  for (const recorder of recorders) log(recorder.destination);
  log(
    fast
      ? `Recording ${options.count} uploads as fast as possible (seed ${options.seed}, ${bucketChoiceName(options.buckets)} buckets)`
      : `Recording uploads in real time at ${options.rate ?? SEED_RATE} per second (seed ${options.seed}); Ctrl-C to stop`,
  );
}

/** Resolves when the signal aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Starts the chosen apps, runs the workload, flushes, and (with --stay) serves until a signal. */
export async function runApps(app: AppChoice, options: RunOptions): Promise<void> {
  const recorders: UploadRecorder[] = [];
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let observations: ObservationsWriter | undefined;
  try {
    // Resolve everything that can be wrong before binding a port or recording anything.
    const logfire = logfireOptionsOf(app, options);
    await startRecorders(app, options, logfire, recorders);
    if (options.observations && options.sdk === 'node') {
      observations = await ObservationsWriter.open(options.observations);
    }

    const fast = options.count !== undefined && options.rate === undefined;
    announce(options, recorders, fast);
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
      await aborted(controller.signal);
    }
  } finally {
    await observations?.close();
    await Promise.all(recorders.map((recorder) => recorder.shutdown()));
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
