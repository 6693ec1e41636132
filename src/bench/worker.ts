/**
 * The benchmark's child process: one measurement per process, so that the OpenTelemetry SDK
 * (configured once per process by Logfire) and the heap of one library never colour another's
 * figures. Its only argument is a JSON task; it prints one JSON line of results on stdout.
 */
import { createInterface } from 'node:readline';
import type { Meter } from '@opentelemetry/api';
import { Histogram, Registry } from 'prom-client';
import type { LogfireRecorder } from '../apps/logfire/LogfireRecorder.js';
import { DirectRecorder } from '../apps/prom/DirectRecorder.js';
import type { UploadRecorder } from '../apps/UploadRecorder.js';
import { SERVICE_NAME } from '../config/defaults.js';
import { FILE_TYPES, UPLOADED_FILE_BYTES } from '../metrics/definitions.js';
import type { Upload } from '../workload/uploads.js';
import { uploadStream } from '../workload/uploads.js';
import type { FeedTask, RecorderLibrary, WorkerTask } from './tasks.js';
import { workloadStream } from './workloads.js';

/** Nowhere: the record-cost and memory tasks never export (their interval is an hour). */
const DISCARD_URL = new URL('http://127.0.0.1:9/v1/metrics');
const NEVER_MS = 3_600_000;

/**
 * Loaded only by the processes that measure OpenTelemetry: Logfire's import alone (its
 * auto-instrumentations) weighs on memory, which prom-client's process must not carry.
 */
async function logfireRecorder(
  aggregation: 'explicit' | 'exponential' | 'both',
  feed?: FeedTask,
): Promise<LogfireRecorder> {
  const { LogfireRecorder } = await import('../apps/logfire/LogfireRecorder.js');
  return new LogfireRecorder({
    metricsUrl: feed ? new URL(feed.otlpMetricsUrl) : DISCARD_URL,
    exponentialMetricsUrl: feed ? new URL(feed.otlpExponentialMetricsUrl) : DISCARD_URL,
    exportIntervalMs: feed?.exportIntervalMs ?? NEVER_MS,
    layout: 'seed',
    aggregation,
    instanceId: feed?.instanceId ?? 'bench',
    log: (line) => process.stderr.write(`${line}\n`),
  });
}

/** Histograms with the demo's byte boundaries, recorded through `observe(value, fileType)`; one per name. */
async function benchHistograms(
  library: RecorderLibrary,
): Promise<(name: string) => (value: number, fileType: string) => void> {
  const boundaries = [...UPLOADED_FILE_BYTES.boundaries.seed];
  if (library === 'prom-client') {
    const registry = new Registry();
    return (name) => {
      const histogram = new Histogram({
        name,
        help: 'bench',
        labelNames: ['file_type'],
        buckets: boundaries,
        registers: [registry],
      });
      return (value, fileType) => histogram.observe({ file_type: fileType }, value);
    };
  }
  let meter: Meter;
  if (library === 'otel-sdk-explicit') {
    const { MeterProvider, PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
    const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
    const provider = new MeterProvider({
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: DISCARD_URL.href }),
          exportIntervalMillis: NEVER_MS,
        }),
      ],
    });
    meter = provider.getMeter(SERVICE_NAME);
  } else {
    // The Logfire app's own configuration (its readers, resource, aggregation), then its meter.
    await logfireRecorder(library === 'otel-explicit' ? 'explicit' : 'exponential');
    const { metrics } = await import('@opentelemetry/api');
    meter = metrics.getMeter(SERVICE_NAME);
  }
  return (name) => {
    const histogram = meter.createHistogram(name, { unit: 'By', advice: { explicitBucketBoundaries: boundaries } });
    return (value, fileType) => histogram.record(value, { file_type: fileType });
  };
}

/** ns per record over `iterations` calls, after a warm-up that lets V8 optimise the path. */
async function recordCost(
  task: Extract<WorkerTask, { kind: 'record-cost' }>,
): Promise<{ nsPerRecord: Record<string, number> }> {
  const histogram = await benchHistograms(task.library);
  const stream = uploadStream(1);
  const values = Array.from({ length: 4096 }, () => stream.next().value.bytes);
  const nsPerRecord: Record<string, number> = {};
  for (const labelValues of task.labelValues) {
    const observe = histogram(`bench_bytes_${labelValues}`);
    const types = FILE_TYPES.slice(0, labelValues);
    const run = (count: number) => {
      for (let i = 0; i < count; i++) observe(values[i & 4095] as number, types[i % types.length] as string);
    };
    run(Math.min(200_000, task.iterations));
    const started = process.hrtime.bigint();
    run(task.iterations);
    nsPerRecord[labelValues] = Number(process.hrtime.bigint() - started) / task.iterations;
  }
  return { nsPerRecord };
}

/** Peak RSS of an app after recording `observations` uploads through its recorder. */
async function memory(task: Extract<WorkerTask, { kind: 'memory' }>): Promise<{ peakRssBytes: number }> {
  if (task.library === 'otel-sdk-explicit') throw new Error('memory is measured for the apps only');
  const recorder: UploadRecorder =
    task.library === 'prom-client'
      ? await DirectRecorder.start({ host: '127.0.0.1', port: 0, layout: 'seed' })
      : await logfireRecorder(task.library === 'otel-explicit' ? 'explicit' : 'exponential');
  const stream = uploadStream(42);
  for (let i = 0; i < task.observations; i++) recorder.record(stream.next().value);
  // maxRSS is in KiB: the high-water mark of the whole process, start-up included.
  return { peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

/**
 * Both apps as one process, recording a workload into a running stack, then serving
 * `/metrics` until stdin closes. Each stdin line "record" records one more upload and answers
 * with the time it was recorded: the freshness trials.
 */
async function feed(task: FeedTask): Promise<void> {
  const direct = await DirectRecorder.start({ host: '127.0.0.1', port: task.directPort, layout: 'seed' });
  const logfire = await logfireRecorder('both', task);
  const recorders = [direct, logfire];
  const stream: Iterator<Upload> = workloadStream(task.workload, 42);
  for (let i = 0; i < task.count; i++) {
    const upload = stream.next().value as Upload;
    for (const recorder of recorders) recorder.record(upload);
  }
  await logfire.flush();
  process.stdout.write(`${JSON.stringify({ recorded: task.count })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'record') continue;
    const upload = stream.next().value as Upload;
    for (const recorder of recorders) recorder.record(upload);
    process.stdout.write(`${JSON.stringify({ recordedAt: Date.now() })}\n`);
  }
  await Promise.all(recorders.map((recorder) => recorder.shutdown()));
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
  if (task.kind === 'record-cost') process.stdout.write(`${JSON.stringify(await recordCost(task))}\n`);
  else if (task.kind === 'memory') process.stdout.write(`${JSON.stringify(await memory(task))}\n`);
  else if (task.kind === 'feed') await feed(task);
  else throw new Error(`unknown bench task ${process.argv[2]}`);
  // The recorders' export timers must not keep a finished measurement alive.
  process.exit(0);
}

await main();
