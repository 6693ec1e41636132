import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { DemoError } from '../../errors/DemoError.js';
import { PortInUseError } from '../../errors/PortInUseError.js';
import {
  type BucketChoice,
  boundariesFor,
  FILE_TYPE_LABEL,
  FILE_UPLOADS_TOTAL,
  HISTOGRAMS,
} from '../../metrics/definitions.js';
import { formatObservation } from '../../workload/observations.js';
import type { Upload } from '../../workload/uploads.js';
import type { HistogramAggregation } from '../logfire/LogfireRecorder.js';
import type { UploadRecorder } from '../UploadRecorder.js';
import { PYTHON_PROJECT_DIR } from './venv.js';

/** One OTLP export of the Python Logfire app. */
export interface PythonExport {
  readonly kind: 'explicit' | 'exponential';
  /** Full OTLP/HTTP metrics URL, `/v1/metrics` included. */
  readonly url: string;
}

export interface PythonAppsOptions {
  /** The venv's interpreter (ensurePythonEnv). */
  readonly python: string;
  readonly serviceName: string;
  readonly instanceId: string;
  readonly layout: BucketChoice;
  readonly aggregation: HistogramAggregation;
  /** The Logfire app's exports; empty when only the direct app runs. */
  readonly exports: readonly PythonExport[];
  readonly exportIntervalMs: number;
  /** The prometheus_client app's address; undefined when only the Logfire app runs. */
  readonly direct?: { readonly host: string; readonly port: number } | undefined;
  /** The Python apps write it: what they recorded, in the same format as the Node apps. */
  readonly observations?: string | undefined;
  readonly log: (line: string) => void;
}

/** Exit codes of `python -m histogram_demo_py` (python/histogram_demo_py/__main__.py). */
const EXIT_PORT_IN_USE = 3;
const READY = 'ready';
const FLUSHED = 'flushed';
/** Logfire's final export is bounded at 5 s per reader; beyond this the process is stopped. */
const EXIT_TIMEOUT_MS = 30_000;

/**
 * The seed's Python apps (Logfire and prometheus_client) in one Python process, fed the project's
 * seeded stream on stdin: the metric definitions go in a header line, then one upload per line.
 * Pacing, progress and signals stay in Node (runWorkload), so both SDKs see the same uploads in
 * the same order at the same pace.
 */
export class PythonApps implements UploadRecorder {
  readonly name = 'python';
  private readonly waiting: Array<(line: string | undefined) => void> = [];
  private exited = false;
  private readonly exit: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly destination: string,
    private readonly log: (line: string) => void,
  ) {
    // A Python side that exited early (Ctrl-C reaches it too) must not turn writes into crashes.
    child.stdin.on('error', () => undefined);
    this.exit = new Promise((resolve) =>
      child.on('close', (code) => {
        this.exited = true;
        for (const wake of this.waiting.splice(0)) wake(undefined);
        resolve(code);
      }),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === READY || line === FLUSHED) this.waiting.shift()?.(line);
      else log(line);
    });
    createInterface({ input: child.stderr }).on('line', (line) => log(line));
  }

  /** Starts the Python process and waits until it listens and exports (a taken port fails here). */
  static async start(options: PythonAppsOptions): Promise<PythonApps> {
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: PYTHON_PROJECT_DIR, PYTHONUNBUFFERED: '1' };
    // Resolved by the CLI into `exports` already: left set, Logfire's own reader would send every point twice.
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT;
    const child = spawn(options.python, ['-m', 'histogram_demo_py'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const failedToSpawn = once(child, 'error').then(([error]) => {
      throw new DemoError(`cannot run the Python apps with ${options.python}: ${(error as Error).message}`, {
        cause: error,
      });
    });
    const apps = new PythonApps(child, describe(options), options.log);
    child.stdin.write(`${JSON.stringify(header(options))}\n`);
    const ready = await Promise.race([apps.nextReply(), failedToSpawn]);
    if (ready !== READY) {
      const code = await apps.exit;
      if (code === EXIT_PORT_IN_USE && options.direct) {
        throw new PortInUseError(options.direct.host, options.direct.port, undefined, 'choose another port');
      }
      throw new DemoError(`the Python apps exited before starting (exit ${code}); their output is above`);
    }
    return apps;
  }

  record(upload: Upload): void {
    if (!this.exited) this.child.stdin.write(`${formatObservation(upload)}\n`);
  }

  async flush(): Promise<void> {
    if (this.exited) return;
    this.child.stdin.write('flush\n');
    await this.nextReply();
  }

  async shutdown(): Promise<void> {
    if (!this.exited) this.child.stdin.end();
    const timer = setTimeout(() => {
      this.log(`Python apps: no exit ${EXIT_TIMEOUT_MS / 1000} s after the end of the stream; stopping them`);
      this.child.kill('SIGKILL');
    }, EXIT_TIMEOUT_MS);
    await this.exit;
    clearTimeout(timer);
  }

  /** The next `ready`/`flushed` line, or undefined once the process has exited. */
  private nextReply(): Promise<string | undefined> {
    if (this.exited) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** The header line: the project's metric definitions with the chosen boundaries, and where to send. */
function header(options: PythonAppsOptions) {
  return {
    serviceName: options.serviceName,
    instanceId: options.instanceId,
    label: FILE_TYPE_LABEL,
    histograms: HISTOGRAMS.map((metric) => ({
      name: metric.name,
      description: metric.description,
      unit: metric.otelUnit,
      boundaries: boundariesFor(metric, options.layout) ?? null,
      directBoundaries: boundariesFor(metric, options.layout) ?? metric.boundaries.seed,
    })),
    counter: {
      name: FILE_UPLOADS_TOTAL.name,
      otelName: FILE_UPLOADS_TOTAL.otelName,
      description: FILE_UPLOADS_TOTAL.description,
      unit: FILE_UPLOADS_TOTAL.otelUnit,
    },
    aggregation: options.aggregation,
    exports: options.exports,
    exportIntervalMs: options.exportIntervalMs,
    direct: options.direct ?? null,
    observations: options.observations ?? null,
  };
}

function describe(options: PythonAppsOptions): string {
  const every = options.exportIntervalMs / 1000;
  return [
    ...(options.direct
      ? [
          `Python direct app (prometheus_client): metrics at http://${options.direct.host}:${options.direct.port}/metrics`,
        ]
      : []),
    ...options.exports.map(
      (entry) => `Python Logfire app: OTLP/HTTP to ${entry.url} every ${every}s (${entry.kind} histograms)`,
    ),
  ].join('\n');
}
