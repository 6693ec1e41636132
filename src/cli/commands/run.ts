import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { Command } from 'commander';
import { AdviseFileError } from '../../advise/AdviseFileError.js';
import { parseAdviceFile } from '../../advise/adviceFile.js';
import { instrumentName } from '../../advise/snippets.js';
import { AGGREGATIONS, type HistogramAggregation, LogfireRecorder } from '../../apps/logfire/LogfireRecorder.js';
import { DirectRecorder } from '../../apps/prom/DirectRecorder.js';
import { PythonApps, type PythonExport } from '../../apps/python/PythonApps.js';
import { ensurePythonEnv } from '../../apps/python/venv.js';
import { runWorkload } from '../../apps/runWorkload.js';
import type { UploadRecorder } from '../../apps/UploadRecorder.js';
import { DEFAULT_HOST, DEFAULT_PORTS, SERVICE_NAME } from '../../config/defaults.js';
import {
  parseHttpUrl,
  resolveExponentialMetricsUrl,
  resolveExportIntervalMs,
  resolveOtlpMetricsUrl,
  withMetricsPath,
} from '../../config/env.js';
import { PortInUseError } from '../../errors/PortInUseError.js';
import { UsageError } from '../../errors/UsageError.js';
import {
  BUCKET_LAYOUTS,
  type BucketChoice,
  type BucketLayout,
  bucketChoiceName,
  HISTOGRAMS,
} from '../../metrics/definitions.js';
import { cacheDir } from '../../stack/paths.js';
import { ObservationsWriter } from '../../workload/observations.js';
import { MAX_SEED } from '../../workload/SeededRandom.js';
import { SEED_RATE } from '../../workload/uploads.js';
import { layoutOrJsonFile, nonNegativeInteger, oneOf, port, positiveInteger, positiveNumber } from '../parsers.js';
import { checkOutputFile } from '../pathFlags.js';

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
    // The Logfire app's settings are checked only when it runs: `run direct` ignores them.
    const logfireOptions =
      app === 'direct'
        ? undefined
        : {
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
    const portInUse = (error: unknown): never => {
      if (!(error instanceof PortInUseError)) throw error;
      const hint = `choose another with ${options.portFlag ?? '--port'} or stop that process`;
      throw new PortInUseError(error.host, error.port, error.holder, hint, { cause: error });
    };
    if (options.sdk === 'python') {
      const { python } = await ensurePythonEnv({ cacheDir: cacheDir(), log });
      const exports: PythonExport[] = [];
      if (logfireOptions) {
        if (options.aggregation !== 'exponential')
          exports.push({ kind: 'explicit', url: logfireOptions.metricsUrl.href });
        if (options.aggregation !== 'explicit') {
          exports.push({ kind: 'exponential', url: logfireOptions.exponentialMetricsUrl.href });
        }
        if (logfireOptions.prometheusOtlpMetricsUrl) {
          exports.push({ kind: 'exponential', url: logfireOptions.prometheusOtlpMetricsUrl.href });
        }
      }
      recorders.push(
        await PythonApps.start({
          python,
          serviceName: SERVICE_NAME,
          instanceId: options.instanceId,
          layout: options.buckets,
          aggregation: options.aggregation,
          exports,
          exportIntervalMs: logfireOptions?.exportIntervalMs ?? resolveExportIntervalMs(process.env),
          direct: app === 'logfire' ? undefined : { host: options.host, port: options.port },
          // The Python apps write what they recorded: a Node and a Python run of one seed must match.
          observations: options.observations,
          log,
        }).catch(portInUse),
      );
    } else {
      if (app !== 'logfire') {
        recorders.push(
          await DirectRecorder.start({ host: options.host, port: options.port, layout: options.buckets }).catch(
            portInUse,
          ),
        );
      }
      if (logfireOptions) recorders.push(new LogfireRecorder(logfireOptions));
    }
    if (options.observations && options.sdk === 'node') {
      observations = await ObservationsWriter.open(options.observations);
    }

    const fast = options.count !== undefined && options.rate === undefined;
    log(`Starting Logfire Histogram Demo (${options.sdk === 'python' ? 'Python' : 'Node.js'} SDKs)`);
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

/**
 * `--buckets`: a named layout, or advise's JSON, whose entries are matched to the demo's metrics
 * by instrument name (advise may have read them as `logfire_native_...` from Prometheus).
 */
async function bucketChoice(raw: string): Promise<BucketChoice> {
  if ((BUCKET_LAYOUTS as readonly string[]).includes(raw)) return raw as BucketLayout;
  let text: string;
  try {
    text = await readFile(raw, 'utf8');
  } catch (error) {
    throw new UsageError(`--buckets: cannot read "${raw}": ${(error as Error).message}`, { cause: error });
  }
  let advised: Map<string, number[]>;
  try {
    advised = parseAdviceFile(text, raw);
  } catch (error) {
    if (error instanceof AdviseFileError) throw new UsageError(`--buckets ${error.message}`, { cause: error });
    throw error;
  }
  const boundaries = new Map<string, number[]>();
  for (const [metric, bounds] of advised) boundaries.set(instrumentName(metric), bounds);
  // The demo's histograms measure sizes and durations: a boundary below 0 bounds nothing they record.
  for (const metric of HISTOGRAMS) {
    const negative = boundaries.get(metric.name)?.filter((bound) => bound < 0) ?? [];
    if (negative.length > 0) {
      throw new UsageError(
        `--buckets ${raw}: ${metric.name} measures ${metric.unit}, never below 0, yet has the boundar${negative.length > 1 ? 'ies' : 'y'} ${negative.join(', ')}`,
      );
    }
  }
  if (!HISTOGRAMS.some((metric) => boundaries.has(metric.name))) {
    throw new UsageError(
      `--buckets ${raw} advises none of the demo's histograms (${HISTOGRAMS.map((metric) => metric.name).join(', ')})`,
    );
  }
  return { source: raw, boundaries };
}

export function runCommand(): Command {
  return new Command('run')
    .description('run the Logfire app, the direct prom-client app, or both side by side on one seeded workload')
    .argument('[app]', `which app: ${APPS.join(', ')}`, oneOf('app', APPS), 'both')
    .option(
      '--seed <n>',
      'workload seed: the same seed gives the same uploads',
      nonNegativeInteger('--seed', MAX_SEED),
      42,
    )
    .option('--count <n>', 'record N uploads as fast as possible, flush, then exit', positiveInteger('--count'))
    .option(
      '--rate <n>',
      `uploads per second in real time (default ${SEED_RATE}, the seed's pace)`,
      positiveNumber('--rate'),
    )
    .option('--stay', 'with --count: stay up after recording so Prometheus can scrape', false)
    .option('--observations <file>', 'write every recorded upload (file_type,bytes,seconds) as CSV')
    .option('--port <n>', 'direct app: port of /metrics', port('--port'), DEFAULT_PORTS.directApp)
    .option('--host <addr>', 'direct app: address to listen on (0.0.0.0 for Docker)', DEFAULT_HOST)
    .option(
      '--otlp-endpoint <url>',
      'Logfire app: OTLP/HTTP base URL (default $OTEL_EXPORTER_OTLP_ENDPOINT or http://localhost:4318)',
    )
    .option(
      '--otlp-exponential-endpoint <url>',
      'Logfire app: OTLP/HTTP base URL for exponential histograms (default http://localhost:4319)',
    )
    .option(
      '--prometheus-otlp-endpoint <url>',
      "Logfire app: also send exponential histograms straight to Prometheus' OTLP receiver, no collector (base URL, e.g. http://localhost:9090/api/v1/otlp)",
    )
    .option(
      '--sdk <sdk>',
      `which SDKs record: ${SDKS.join(', ')} (the seed's logfire and prometheus_client)`,
      oneOf('--sdk', SDKS),
      'node',
    )
    .option(
      '--instance-id <id>',
      'Logfire app: service.instance.id, stable across restarts; give concurrent Logfire apps distinct ids',
      DEFAULT_INSTANCE_ID,
    )
    .option(
      '--buckets <layout>',
      `bucket layout: ${BUCKET_LAYOUTS.join(', ')}, or a FILE.json written by advise --out`,
      layoutOrJsonFile('--buckets', BUCKET_LAYOUTS),
      'seed',
    )
    .option(
      '--aggregation <kind>',
      `Logfire app histograms: ${AGGREGATIONS.join(', ')} (exponential goes to --otlp-exponential-endpoint; default: each SDK's own, explicit for node, exponential for python)`,
      oneOf('--aggregation', AGGREGATIONS),
    )
    .action(
      async (
        app: AppChoice,
        options: Omit<RunOptions, 'buckets' | 'aggregation'> & { buckets: string; aggregation?: HistogramAggregation },
      ) => {
        // Every flag is checked before an app starts: a bad path must not cost a run.
        const buckets = await bucketChoice(options.buckets);
        if (options.observations) await checkOutputFile('--observations', options.observations);
        await runApps(app, {
          ...options,
          buckets,
          aggregation: options.aggregation ?? defaultAggregation(options.sdk),
        });
      },
    );
}
