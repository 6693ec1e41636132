import { runWorker } from './spawnWorker.js';
import { type Summary, summarize } from './stats.js';
import type { RecorderLibrary } from './tasks.js';

export interface MemoryRow {
  readonly app: RecorderLibrary;
  /** Peak RSS in MiB of a fresh app process after recording the observations. */
  readonly peakRssMiB: Summary;
}

export interface MemoryResult {
  readonly observations: number;
  readonly rows: readonly MemoryRow[];
}

const APPS: readonly RecorderLibrary[] = ['otel-explicit', 'otel-exponential', 'prom-client'];

/** Each app in its own process, interleaved over rounds. */
export async function measureMemory(rounds: number, observations: number): Promise<MemoryResult> {
  const samples = new Map<RecorderLibrary, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const app of APPS) {
      const { peakRssBytes } = await runWorker<{ peakRssBytes: number }>({
        kind: 'memory',
        library: app,
        observations,
      });
      samples.set(app, [...(samples.get(app) ?? []), peakRssBytes / 2 ** 20]);
    }
  }
  return {
    observations,
    rows: APPS.map((app) => {
      const summary = summarize(samples.get(app) ?? []);
      const mib = (value: number) => Math.round(value * 10) / 10;
      return {
        app,
        peakRssMiB: { ...summary, median: mib(summary.median), min: mib(summary.min), max: mib(summary.max) },
      };
    }),
  };
}
