import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatObservation } from '../../src/workload/observations.js';
import { type ScheduledUpload, uploadStream } from '../../src/workload/uploads.js';

/**
 * An observations file recorded today must be reproducible by every later version: the
 * seeded stream is pinned here. If this fails, a change altered what a seed draws (order of
 * draws, generator, weights, ranges or the duration formula), and old runs no longer replay.
 */
describe('the seed 42 upload stream', () => {
  it('starts with the same three uploads as when it was first recorded', () => {
    const first: ScheduledUpload[] = [];
    for (const upload of uploadStream(42)) {
      if (first.length === 3) break;
      first.push(upload);
    }
    expect(first).toEqual([
      { fileType: 'medium', bytes: 2517307, seconds: 0.7779635967452049, pauseSeconds: 1.504601062159054 },
      { fileType: 'small', bytes: 268030, seconds: 0.2634169971651137, pauseSeconds: 1.4371169809019193 },
      { fileType: 'large', bytes: 26254267, seconds: 2.8503885671135976, pauseSeconds: 1.8230882502393797 },
    ]);
  });

  it('draws the same first 10,000 uploads, pauses included, as when it was first recorded', () => {
    const lines: string[] = [];
    for (const upload of uploadStream(42)) {
      if (lines.length === 10_000) break;
      lines.push(`${formatObservation(upload)},${upload.pauseSeconds}`);
    }
    const digest = createHash('sha256').update(lines.join('\n')).digest('hex');
    expect(digest).toBe('bcb9ead5fcece3fe7af9d0dd4ddc54017c0b76890dfd3d1e2557ab6df5c14392');
  });
});
