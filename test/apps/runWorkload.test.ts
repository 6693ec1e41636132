import { describe, expect, it } from 'vitest';
import { formatUpload, runWorkload } from '../../src/apps/runWorkload.js';
import type { UploadRecorder } from '../../src/apps/UploadRecorder.js';
import { type Upload, uploadStream } from '../../src/workload/uploads.js';

class ListRecorder implements UploadRecorder {
  readonly name = 'list';
  readonly destination = 'a list';
  readonly uploads: Upload[] = [];
  record(upload: Upload): void {
    this.uploads.push(upload);
  }
  async flush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function take(seed: number, n: number): Upload[] {
  const result: Upload[] = [];
  for (const upload of uploadStream(seed)) {
    if (result.length === n) break;
    result.push(upload);
  }
  return result;
}

describe('formatUpload', () => {
  it('prints the seed’s console line: type, size with thousands separators, duration to two decimals', () => {
    expect(formatUpload({ fileType: 'large', bytes: 12_345_678, seconds: 1.236 })).toBe(
      'Uploaded large file: 12,345,678 bytes, duration: 1.24s',
    );
    expect(formatUpload({ fileType: 'very_large', bytes: 100_000_000, seconds: 10.6 })).toBe(
      'Uploaded very_large file: 100,000,000 bytes, duration: 10.60s',
    );
  });
});

describe('runWorkload', () => {
  it('feeds the same seeded uploads, in order, to every recorder and stops at the count', async () => {
    const a = new ListRecorder();
    const b = new ListRecorder();
    const lines: string[] = [];
    const recorded = await runWorkload([a, b], {
      seed: 5,
      count: 1234,
      log: (line) => lines.push(line),
      signal: new AbortController().signal,
    });
    expect(recorded).toBe(1234);
    expect(a.uploads).toEqual(take(5, 1234));
    expect(b.uploads).toEqual(a.uploads);
    // Fast mode: progress every tenth (rounded up), and the last one.
    expect(lines).toEqual([
      ...[124, 248, 372, 496, 620, 744, 868, 992, 1116].map((n) => `Recorded ${n}/1234 uploads`),
      'Recorded 1234/1234 uploads',
    ]);
  });

  it('prints every upload in real time', async () => {
    const recorder = new ListRecorder();
    const lines: string[] = [];
    const recorded = await runWorkload([recorder], {
      seed: 8,
      count: 20,
      rate: 10_000,
      log: (line) => lines.push(line),
      signal: new AbortController().signal,
    });
    expect(recorded).toBe(20);
    expect(lines).toEqual(take(8, 20).map(formatUpload));
  });

  it('stops drawing uploads once aborted and reports only what it recorded', async () => {
    const recorder = new ListRecorder();
    const controller = new AbortController();
    const lines: string[] = [];
    const recorded = await runWorkload([recorder], {
      seed: 9,
      rate: 1000,
      log: (line) => {
        lines.push(line);
        if (lines.length === 7) controller.abort();
      },
      signal: controller.signal,
    });
    expect(recorded).toBe(7);
    expect(recorder.uploads).toHaveLength(7);
    expect(lines).toEqual(take(9, 7).map(formatUpload));
  });

  it('records nothing when aborted before it starts', async () => {
    const recorder = new ListRecorder();
    const recorded = await runWorkload([recorder], { seed: 1, log: () => undefined, signal: AbortSignal.abort() });
    expect(recorded).toBe(0);
    expect(recorder.uploads).toEqual([]);
  });
});
