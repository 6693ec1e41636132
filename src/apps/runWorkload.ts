import { setTimeout as sleep } from 'node:timers/promises';
import type { ObservationsWriter } from '../workload/observations.js';
import { SEED_RATE, type Upload, uploadStream } from '../workload/uploads.js';
import type { UploadRecorder } from './UploadRecorder.js';

export interface WorkloadOptions {
  readonly seed: number;
  /** Stop after this many uploads; unlimited when undefined. */
  readonly count?: number | undefined;
  /** Uploads per second in real time; undefined means as fast as possible (fast mode). */
  readonly rate?: number | undefined;
  readonly observations?: ObservationsWriter | undefined;
  readonly log: (line: string) => void;
  /** Aborted by SIGINT/SIGTERM: stop drawing uploads; what was recorded stays recorded. */
  readonly signal: AbortSignal;
}

/** How often fast mode yields to the event loop, so scrapes and signals are served. */
const FAST_MODE_BATCH = 500;

export function formatUpload(upload: Upload): string {
  return `Uploaded ${upload.fileType} file: ${upload.bytes.toLocaleString('en-US')} bytes, duration: ${upload.seconds.toFixed(2)}s`;
}

/**
 * Feeds the seeded upload stream to every recorder, in real time or as fast as possible.
 * Returns how many uploads were recorded.
 */
export async function runWorkload(recorders: readonly UploadRecorder[], options: WorkloadOptions): Promise<number> {
  const fast = options.rate === undefined;
  const limit = options.count ?? Number.POSITIVE_INFINITY;
  const progressStep = Number.isFinite(limit) ? Math.max(1, Math.ceil(limit / 10)) : 0;
  let recorded = 0;
  for (const upload of uploadStream(options.seed)) {
    if (recorded >= limit || options.signal.aborted) break;
    for (const recorder of recorders) recorder.record(upload);
    options.observations?.write(upload);
    recorded += 1;
    if (fast) {
      if (recorded % progressStep === 0 || recorded === limit) options.log(`Recorded ${recorded}/${limit} uploads`);
      if (recorded % FAST_MODE_BATCH === 0) await sleep(0);
    } else {
      options.log(formatUpload(upload));
      const pauseMs = (upload.pauseSeconds * SEED_RATE * 1000) / (options.rate as number);
      await sleep(pauseMs, undefined, { signal: options.signal }).catch(() => undefined);
    }
  }
  return recorded;
}
