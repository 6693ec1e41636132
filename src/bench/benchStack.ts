import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_PORTS, PORT_TABLE, type PortKey, type StackPorts } from '../config/ports.js';
import { freePort } from '../net/ports.js';
import { DEFAULT_CONFIGS, NativeStack, stackUrls } from '../stack/NativeStack.js';
import { CONFIG_FILES } from '../stack/paths.js';

/** A native stack of its own: free ports, a temp state folder (fresh TSDB), removed by `down`. */
export interface BenchStack {
  readonly ports: StackPorts;
  readonly urls: ReturnType<typeof stackUrls>;
  readonly stateDir: string;
  /** Pids of the collector and Prometheus, for CPU and memory readings. */
  pids(): Promise<{ collector: number; prometheus: number }>;
  down(): Promise<void>;
}

export interface BenchStackOptions {
  /** Prometheus's global scrape interval (the repo's config says 5s). */
  readonly scrapeInterval?: string;
}

export async function startBenchStack(
  log: (line: string) => void,
  options: BenchStackOptions = {},
): Promise<BenchStack> {
  const stateDir = await mkdtemp(join(tmpdir(), 'histogram-demo-bench-'));
  // Every port on a free one, except Thanos' (no Thanos here: the defaults only fill the type).
  const ports: Record<PortKey, number> = { ...DEFAULT_PORTS };
  for (const row of PORT_TABLE) if (!row.key.startsWith('thanos')) ports[row.key] = await freePort();
  let prometheusConfig = CONFIG_FILES.prometheus;
  if (options.scrapeInterval) {
    // The repo's config with only the intervals changed: every other setting is what users run.
    const document = parseDocument(await readFile(CONFIG_FILES.prometheus, 'utf8'));
    document.setIn(['global', 'scrape_interval'], options.scrapeInterval);
    document.setIn(['global', 'evaluation_interval'], options.scrapeInterval);
    prometheusConfig = join(stateDir, 'prometheus-source.yml');
    await writeFile(prometheusConfig, document.toString());
  }
  // The admin API lets the storage figures snapshot the TSDB head into a block.
  const stack = new NativeStack(join(stateDir, 'state'), log, { extraPrometheusArgs: ['--web.enable-admin-api'] });
  try {
    // No dashboards page: its first build would run beside what the benchmarks measure.
    await stack.up(ports, process.env, { ...DEFAULT_CONFIGS, prometheus: prometheusConfig }, { dashboards: false });
  } catch (error) {
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ports: ports,
    urls: stackUrls(ports),
    stateDir: stack.stateDir,
    async pids() {
      const state = await stack.readState();
      const collector = state?.processes.collector?.pid;
      const prometheus = state?.processes.prometheus?.pid;
      if (collector === undefined || prometheus === undefined)
        throw new Error('bench stack: no collector or Prometheus pid');
      return { collector, prometheus };
    },
    async down() {
      await stack.down();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted from the state field (3rd) here.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Resident memory now and at its peak (VmRSS, VmHWM), in MiB. */
export async function memoryMiB(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: Math.round(kib('VmRSS') / 102.4) / 10, peak: Math.round(kib('VmHWM') / 102.4) / 10 };
}
