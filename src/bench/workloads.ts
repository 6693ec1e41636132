import { FILE_TYPES, type FileType } from '../metrics/definitions.js';
import { SeededRandom } from '../workload/SeededRandom.js';
import {
  BASE_SECONDS,
  BYTES_PER_SECOND,
  MAX_JITTER_SECONDS,
  SEED_PROFILES,
  type Upload,
  uploadStream,
} from '../workload/uploads.js';

/**
 * - `demo`: the seed's upload stream (uniform sizes within four file types).
 * - `lognormal`: heavy-tailed sizes, median 1 MB, sigma 1.5 (p99.9 near 100x the median),
 *   where fixed classic buckets are known to fare worst.
 */
export const BENCH_WORKLOADS = ['demo', 'lognormal'] as const;
export type BenchWorkload = (typeof BENCH_WORKLOADS)[number];

const LOGNORMAL = { medianBytes: 1_000_000, sigma: 1.5 } as const;

/** A file type by size, with the demo's ranges, so that every series keeps its label. */
function fileTypeOf(bytes: number): FileType {
  return FILE_TYPES.find((type) => bytes <= SEED_PROFILES[type].maxBytes) ?? 'very_large';
}

function* lognormalStream(seed: number): Generator<Upload, never> {
  const random = new SeededRandom(seed);
  for (;;) {
    // Box-Muller: a standard normal from two uniforms (1 - u keeps the logarithm finite).
    const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    const bytes = Math.max(1, Math.round(LOGNORMAL.medianBytes * Math.exp(LOGNORMAL.sigma * normal)));
    const seconds = BASE_SECONDS + bytes / BYTES_PER_SECOND + random.uniform(0, MAX_JITTER_SECONDS);
    yield { fileType: fileTypeOf(bytes), bytes, seconds };
  }
}

export function workloadStream(workload: BenchWorkload, seed: number): Iterator<Upload> {
  return workload === 'demo' ? uploadStream(seed) : lognormalStream(seed);
}

/** The first `count` uploads of a workload: the exact truth the pipelines are measured against. */
export function workloadUploads(workload: BenchWorkload, seed: number, count: number): Upload[] {
  const stream = workloadStream(workload, seed);
  return Array.from({ length: count }, () => stream.next().value as Upload);
}
