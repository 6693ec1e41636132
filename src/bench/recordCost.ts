import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runWorker } from './spawnWorker.js';
import { round, type Summary, summarize } from './stats.js';
import { RECORDERS, type RecorderLibrary } from './tasks.js';

export interface RecordCostRow {
  readonly library: RecorderLibrary;
  readonly labelValues: 1 | 4;
  /** ns per `record()` / `observe()` call, one figure per round. */
  readonly ns: Summary;
  /** Median ns relative to prom-client's at the same number of label values. */
  readonly vsPromClient: number;
}

export interface ProfileEntry {
  readonly function: string;
  /** Share of the CPU samples of the record loop (library frames, GC and the loop itself). */
  readonly percent: number;
}

export interface RecordCostResult {
  readonly iterations: number;
  readonly rows: readonly RecordCostRow[];
  /** Where OTel explicit (Logfire app's meter, 4 label values) spends its time. */
  readonly profile: readonly ProfileEntry[];
}

/**
 * Every library once per round, in an order that rotates each round (no library always runs
 * first or after the same neighbour), each in a fresh process.
 */
export async function measureRecordCost(
  rounds: number,
  iterations: number,
  log: (line: string) => void,
): Promise<RecordCostResult> {
  const samples = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    const order = RECORDERS.map((_, i) => RECORDERS[(i + r) % RECORDERS.length] as RecorderLibrary);
    for (const library of order) {
      // Alternating which label count runs first, so that neither always gets the fresher heap.
      const labelValues = r % 2 === 0 ? ([1, 4] as const) : ([4, 1] as const);
      const { nsPerRecord } = await runWorker<{ nsPerRecord: Record<string, number> }>({
        kind: 'record-cost',
        library,
        labelValues,
        iterations,
      });
      for (const count of labelValues) {
        const key = `${library}/${count}`;
        samples.set(key, [...(samples.get(key) ?? []), nsPerRecord[count] ?? Number.NaN]);
      }
    }
    log(`  record cost: round ${r + 1}/${rounds} done`);
  }
  const rows: RecordCostRow[] = [];
  for (const labelValues of [1, 4] as const) {
    const reference = summarize(samples.get(`prom-client/${labelValues}`) ?? []).median;
    for (const library of RECORDERS) {
      const ns = summarize(samples.get(`${library}/${labelValues}`) ?? []);
      rows.push({
        library,
        labelValues,
        ns: { ...ns, median: round(ns.median, 0), min: round(ns.min, 0), max: round(ns.max, 0) },
        vsPromClient: round(ns.median / reference, 2),
      });
    }
  }
  return { iterations, rows, profile: await profileOtel(iterations) };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Frames that belong to recording: the SDK, the API, the loop, and the garbage collector it feeds. */
function isRecordPath(url: string, functionName: string): boolean {
  return url.includes('@opentelemetry/') || url.endsWith('bench/worker.js') || functionName === '(garbage collector)';
}

/** One CPU profile of the OTel explicit record loop, as self time per function. */
async function profileOtel(iterations: number): Promise<ProfileEntry[]> {
  const dir = await mkdtemp(join(tmpdir(), 'histogram-demo-bench-prof-'));
  try {
    await runWorker(
      { kind: 'record-cost', library: 'otel-explicit', labelValues: [4], iterations: Math.max(iterations, 1_000_000) },
      ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    );
    const [file] = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
    if (!file) return [];
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    const self = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id);
      if (!frame || !isRecordPath(frame.url, frame.functionName)) return;
      const where = frame.url ? ` (${basename(frame.url)}:${frame.lineNumber + 1})` : '';
      const name = `${frame.functionName || '(anonymous)'}${where}`;
      self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
    const total = [...self.values()].reduce((sum, value) => sum + value, 0);
    return [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, time]) => ({ function: name, percent: round((100 * time) / total, 1) }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
