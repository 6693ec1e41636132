import { FILE_TYPES, type FileType } from '../metrics/definitions.js';
import { SeededRandom } from './SeededRandom.js';

/** One simulated upload: what both apps record and the observations file keeps. */
export interface Upload {
  readonly fileType: FileType;
  readonly bytes: number;
  readonly seconds: number;
}

/** A drawn upload plus the pause that follows it in real-time mode. */
export interface ScheduledUpload extends Upload {
  /** Seconds to wait after this upload at the seed's pace (rate 1 / mean pause). */
  readonly pauseSeconds: number;
}

interface FileTypeProfile {
  readonly weight: number;
  readonly minBytes: number;
  readonly maxBytes: number;
}

const KB = 1_000;
const MB = 1_000_000;

/** The seed's workload: type weights 50/30/15/5 and a size range per type. */
export const SEED_PROFILES: Readonly<Record<FileType, FileTypeProfile>> = {
  small: { weight: 50, minBytes: 10 * KB, maxBytes: 500 * KB },
  medium: { weight: 30, minBytes: 500 * KB, maxBytes: 5 * MB },
  large: { weight: 15, minBytes: 5 * MB, maxBytes: 50 * MB },
  very_large: { weight: 5, minBytes: 50 * MB, maxBytes: 100 * MB },
};

/** Simulated throughput: duration = base + size / throughput + jitter. */
export const BASE_SECONDS = 0.1;
export const BYTES_PER_SECOND = 10 * MB;
export const MAX_JITTER_SECONDS = 0.5;
/** The seed's pause between uploads, uniform in this range (mean 1.25 s). */
export const PAUSE_RANGE_SECONDS: readonly [number, number] = [0.5, 2];
/** Uploads per second at the seed's pace (1 / mean pause). */
export const SEED_RATE = 2 / (PAUSE_RANGE_SECONDS[0] + PAUSE_RANGE_SECONDS[1]);

/**
 * The seeded upload stream. Every draw, the pause included, comes from one generator in a
 * fixed order, so a seed gives the same uploads in every app and in fast or real-time mode.
 */
export function* uploadStream(seed: number): Generator<ScheduledUpload, never> {
  const random = new SeededRandom(seed);
  const weights = FILE_TYPES.map((type) => SEED_PROFILES[type].weight);
  for (;;) {
    const fileType = FILE_TYPES[random.weighted(weights)] as FileType;
    const profile = SEED_PROFILES[fileType];
    const bytes = random.integer(profile.minBytes, profile.maxBytes);
    const jitter = random.uniform(0, MAX_JITTER_SECONDS);
    const seconds = BASE_SECONDS + bytes / BYTES_PER_SECOND + jitter;
    const pauseSeconds = random.uniform(PAUSE_RANGE_SECONDS[0], PAUSE_RANGE_SECONDS[1]);
    yield { fileType, bytes, seconds, pauseSeconds };
  }
}
