import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UPLOADED_FILE_BYTES } from '../metrics/definitions.js';
import { parseLe } from '../prometheus/le.js';
import { PrometheusClient } from '../prometheus/PrometheusClient.js';
import { PACKAGE_ROOT } from '../stack/paths.js';
import { awaitCounts } from './accuracy.js';
import { type BenchStack, cpuSeconds, memoryMiB, startBenchStack } from './benchStack.js';
import { BENCH_PIPELINES, promql, type Representation } from './queries.js';
import { round } from './stats.js';
import { workloadUploads } from './workloads.js';

export interface ScaleRow {
  readonly instances: number;
  readonly uploadsPerInstance: number;
  readonly collectorCpuPercent: number;
  readonly prometheusCpuPercent: number;
  readonly collectorRssMiB: number;
  readonly prometheusRssMiB: number;
  /** Series of uploaded_file_bytes per pipeline (the instance label multiplies them). */
  readonly series: Readonly<Record<string, number>>;
  /** Summed over instances, every classic bucket and the native count equal K x the exact ones. */
  readonly verifyAgrees: boolean;
}

const LOGFIRE_PIPELINES = BENCH_PIPELINES.filter((pipeline) => pipeline.name !== 'direct');

function startApp(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/histogram-demo.js'), ...args], { stdio: 'ignore' });
}

async function stopApps(apps: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    apps.map(async (app) => {
      if (app.exitCode !== null || app.signalCode !== null) return;
      const exited = new Promise((resolve) => app.once('close', resolve));
      app.kill('SIGTERM');
      const timer = setTimeout(() => app.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** `run logfire` as one of K instances: both aggregations, its own instance id, staying up to export. */
function scaleAppArgs(index: number, uploadsPerInstance: number, stack: BenchStack): string[] {
  return [
    'run',
    'logfire',
    '--count',
    String(uploadsPerInstance),
    '--stay',
    '--aggregation',
    'both',
    '--instance-id',
    `bench-scale-${index}`,
    '--otlp-endpoint',
    stack.urls.otlpHttp,
    '--otlp-exponential-endpoint',
    stack.urls.otlpExponentialHttp,
  ];
}

/**
 * Whether the counts summed over the K instances are exact: K times each classic bucket's count
 * and K times the uploads in every Logfire pipeline, expected by counting the seeded uploads.
 */
async function sumsAgree(
  client: PrometheusClient,
  metric: string,
  representations: ReadonlyMap<string, Representation>,
  instances: number,
  uploadsPerInstance: number,
): Promise<boolean> {
  const values = workloadUploads('demo', 42, uploadsPerInstance).map((upload) => upload.bytes);
  const classic = BENCH_PIPELINES.find((pipeline) => pipeline.name === 'logfire');
  let agrees = true;
  if (classic) {
    for (const sample of await client.query(promql.buckets(classic, metric, 'classic'))) {
      const le = parseLe(sample.labels.le ?? '');
      agrees &&= sample.value === instances * values.filter((value) => value <= le).length;
    }
  }
  for (const pipeline of LOGFIRE_PIPELINES) {
    const representation = representations.get(pipeline.name) ?? 'classic';
    agrees &&= (await client.value(promql.totalCount(pipeline, metric, representation))) === instances * values.length;
  }
  return agrees;
}

/**
 * K Logfire apps (explicit and exponential) with distinct instance ids, each recording the same
 * seeded uploads, into one stack: what the collector and Prometheus cost while the K apps keep
 * exporting every 5 s, and whether the sums over instances are still exact.
 */
export async function measureScale(
  instances: number,
  uploadsPerInstance: number,
  windowS: number,
  log: (line: string) => void,
): Promise<ScaleRow> {
  const stack = await startBenchStack(log);
  const apps: ChildProcess[] = [];
  try {
    for (let i = 0; i < instances; i++) apps.push(startApp(scaleAppArgs(i, uploadsPerInstance, stack)));
    const client = new PrometheusClient(stack.urls.prometheus);
    const metric = UPLOADED_FILE_BYTES.name;
    const representations = await awaitCounts(
      client,
      LOGFIRE_PIPELINES,
      metric,
      instances * uploadsPerInstance,
      300_000,
    );
    const pids = await stack.pids();
    const before = { collector: await cpuSeconds(pids.collector), prometheus: await cpuSeconds(pids.prometheus) };
    await sleep(windowS * 1000);
    const cpu = {
      collector: ((await cpuSeconds(pids.collector)) - before.collector) / windowS,
      prometheus: ((await cpuSeconds(pids.prometheus)) - before.prometheus) / windowS,
    };
    const series: Record<string, number> = {};
    for (const pipeline of LOGFIRE_PIPELINES) {
      series[pipeline.name] = (await client.value(promql.seriesCount(pipeline, metric))) ?? 0;
    }
    const agrees = await sumsAgree(client, metric, representations, instances, uploadsPerInstance);
    const [collectorMemory, prometheusMemory] = [await memoryMiB(pids.collector), await memoryMiB(pids.prometheus)];
    return {
      instances,
      uploadsPerInstance,
      collectorCpuPercent: round(cpu.collector * 100, 1),
      prometheusCpuPercent: round(cpu.prometheus * 100, 1),
      collectorRssMiB: collectorMemory.rss,
      prometheusRssMiB: prometheusMemory.rss,
      series,
      verifyAgrees: agrees,
    };
  } finally {
    await stopApps(apps);
    await stack.down();
  }
}
