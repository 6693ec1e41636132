/**
 * The benchmark's child process: one measurement per process, so that the OpenTelemetry SDK
 * (configured once per process by Logfire) and the heap of one library never colour another's
 * figures. Its only argument is a JSON task; it prints one JSON line of results on stdout.
 */
import { createInterface } from 'node:readline';
import { metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { Histogram, Registry } from 'prom-client';
import { LogfireRecorder } from '../apps/logfire/LogfireRecorder.js';
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

function logfireRecorder(aggregation: 'explicit' | 'exponential' | 'both', feed?: FeedTask) {
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

/** A histogram with the demo's byte boundaries, recorded through `observe(value, fileType)`. */
function benchHistogram(library: RecorderLibrary): (value: number, fileType: string) => void {
  const boundaries = [...UPLOADED_FILE_BYTES.boundaries.seed];
  if (library === 'prom-client') {
    const histogram = new Histogram({
      name: 'bench_bytes',
      help: 'bench',
      labelNames: ['file_type'],
      buckets: boundaries,
      registers: [new Registry()],
    });
    return (value, fileType) => histogram.observe({ file_type: fileType }, value);
  }
  if (library === 'otel-sdk-explicit') {
    const provider = new MeterProvider({
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: DISCARD_URL.href }),
          exportIntervalMillis: NEVER_MS,
        }),
      ],
    });
    const histogram = provider.getMeter(SERVICE_NAME).createHistogram('bench_bytes', {
      unit: 'By',
      advice: { explicitBucketBoundaries: boundaries },
    });
    return (value, fileType) => histogram.record(value, { file_type: fileType });
  }
  // The Logfire app's own configuration (its readers, resource, aggregation), then its meter.
  logfireRecorder(library === 'otel-explicit' ? 'explicit' : 'exponential');
  const histogram = metrics.getMeter(SERVICE_NAME).createHistogram('bench_bytes', {
    unit: 'By',
    advice: { explicitBucketBoundaries: boundaries },
  });
  return (value, fileType) => histogram.record(value, { file_type: fileType });
}

/** ns per record over `iterations` calls, after a warm-up that lets V8 optimise the path. */
function recordCost(task: Extract<WorkerTask, { kind: 'record-cost' }>): { nsPerRecord: number } {
  const observe = benchHistogram(task.library);
  const stream = uploadStream(1);
  const values = Array.from({ length: 4096 }, () => stream.next().value.bytes);
  const types = FILE_TYPES.slice(0, task.labelValues);
  const run = (count: number) => {
    for (let i = 0; i < count; i++) observe(values[i & 4095] as number, types[i % types.length] as string);
  };
  run(Math.min(200_000, task.iterations));
  const started = process.hrtime.bigint();
  run(task.iterations);
  return { nsPerRecord: Number(process.hrtime.bigint() - started) / task.iterations };
}

/** Peak RSS of an app after recording `observations` uploads through its recorder. */
async function memory(task: Extract<WorkerTask, { kind: 'memory' }>): Promise<{ peakRssBytes: number }> {
  if (task.library === 'otel-sdk-explicit') throw new Error('memory is measured for the apps only');
  const recorder: UploadRecorder =
    task.library === 'prom-client'
      ? await DirectRecorder.start({ host: '127.0.0.1', port: 0, layout: 'seed' })
      : logfireRecorder(task.library === 'otel-explicit' ? 'explicit' : 'exponential');
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
  const logfire = logfireRecorder('both', task);
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
  if (task.kind === 'record-cost') process.stdout.write(`${JSON.stringify(recordCost(task))}\n`);
  else if (task.kind === 'memory') process.stdout.write(`${JSON.stringify(await memory(task))}\n`);
  else if (task.kind === 'feed') await feed(task);
  else throw new Error(`unknown bench task ${process.argv[2]}`);
  // The recorders' export timers must not keep a finished measurement alive.
  process.exit(0);
}

await main();
