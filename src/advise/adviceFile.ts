/**
 * The JSON advise writes (`--json`, `--out`) and `run --buckets FILE.json` reads:
 * `{"metrics": [{"metric", "boundaries": [...], "predicted": {...}}]}`.
 */

import { AdviseFileError } from './AdviseFileError.js';
import type { MetricAdvice } from './advise.js';

export interface AdviceFile {
  readonly metrics: readonly MetricAdvice[];
}

export function formatAdviceFile(advice: readonly MetricAdvice[]): string {
  const file: AdviceFile = { metrics: advice };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Boundaries per metric name from an advice file; checks what an app would choke on. */
export function parseAdviceFile(text: string, file: string): Map<string, number[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AdviseFileError(file, `not JSON (${(error as Error).message})`, { cause: error });
  }
  const metrics = (parsed as { metrics?: unknown } | null)?.metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) {
    throw new AdviseFileError(
      file,
      'expected {"metrics": [{"metric", "boundaries": [...]}, ...]} as advise --json writes',
    );
  }
  const result = new Map<string, number[]>();
  for (const [index, entry] of metrics.entries()) {
    const { metric, boundaries } = (entry ?? {}) as { metric?: unknown; boundaries?: unknown };
    const valid =
      typeof metric === 'string' &&
      Array.isArray(boundaries) &&
      boundaries.length > 0 &&
      boundaries.every(
        (bound, i) => typeof bound === 'number' && Number.isFinite(bound) && (i === 0 || bound > boundaries[i - 1]),
      );
    if (!valid) {
      throw new AdviseFileError(file, `metrics[${index}] needs a "metric" name and increasing finite "boundaries"`);
    }
    result.set(metric, boundaries as number[]);
  }
  return result;
}
