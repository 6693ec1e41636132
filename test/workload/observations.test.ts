import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoError } from '../../src/errors/DemoError.js';
import { TruthFileError } from '../../src/verify/TruthFileError.js';
import { parseTruth, readTruth } from '../../src/verify/truth.js';
import { formatObservation, OBSERVATIONS_HEADER, ObservationsWriter } from '../../src/workload/observations.js';
import { type Upload, uploadStream } from '../../src/workload/uploads.js';
import { uploadsOf } from '../helpers/observations.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'observations-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function take(seed: number, n: number): Upload[] {
  const result: Upload[] = [];
  for (const { fileType, bytes, seconds } of uploadStream(seed)) {
    if (result.length === n) break;
    result.push({ fileType, bytes, seconds });
  }
  return result;
}

describe('observations files', () => {
  it('round-trips 1000 uploads through ObservationsWriter and the truth reader with every bit of precision', async () => {
    const uploads = take(9, 1000);
    const path = join(dir, 'round-trip.csv');
    const writer = await ObservationsWriter.open(path);
    for (const upload of uploads) writer.write(upload);
    await writer.close();

    const read = uploadsOf(await readTruth(path, ['bytes', 'seconds']), uploads.length);
    expect(read).toEqual(uploads);
    // toEqual compares numbers with Object.is: every duration is bit-for-bit the one written.
    expect(read.map((upload) => upload.seconds)).toEqual(uploads.map((upload) => upload.seconds));
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[0]).toBe(OBSERVATIONS_HEADER);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1001);
  });

  it('writes one CSV line per upload in the order file_type,bytes,seconds', () => {
    expect(OBSERVATIONS_HEADER).toBe('file_type,bytes,seconds');
    expect(formatObservation({ fileType: 'very_large', bytes: 73_456_789, seconds: 7.756_278_9 })).toBe(
      'very_large,73456789,7.7562789',
    );
    // Shortest round-trip form, not toFixed: 0.1 + 0.2 keeps its last digit.
    expect(formatObservation({ fileType: 'small', bytes: 1, seconds: 0.1 + 0.2 })).toBe('small,1,0.30000000000000004');
  });

  it('is read back by the truth reader, Windows line endings and blank lines included, naming a bad line', async () => {
    const path = join(dir, 'crlf.csv');
    await writeFile(path, `${OBSERVATIONS_HEADER}\r\nsmall,12345,0.25\r\n\r\nlarge,6000000,1.5\r\n`);
    expect(uploadsOf(await readTruth(path, ['bytes', 'seconds']), 10)).toEqual([
      { fileType: 'small', bytes: 12345, seconds: 0.25 },
      { fileType: 'large', bytes: 6_000_000, seconds: 1.5 },
    ]);
    const text = `${OBSERVATIONS_HEADER}\n\nsmall,100,0.2\n\nsmall,abc,0.2\n`;
    expect(() => parseTruth(text, 'obs.csv', ['bytes', 'seconds'])).toThrow(TruthFileError);
    expect(() => parseTruth(text, 'obs.csv', ['bytes', 'seconds'])).toThrow('line 5');
  });

  it('reports an unwritable path as a DemoError naming the path, not a flag (the CLI checks --observations first)', async () => {
    const path = join(dir, 'no-such-dir', 'obs.csv');
    await expect(ObservationsWriter.open(path)).rejects.toThrow(DemoError);
    await expect(ObservationsWriter.open(path)).rejects.toThrow(`cannot write observations file "${path}"`);
  });
});
