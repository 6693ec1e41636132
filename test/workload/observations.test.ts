import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoError } from '../../src/errors/DemoError.js';
import { UsageError } from '../../src/errors/UsageError.js';
import {
  formatObservation,
  OBSERVATIONS_HEADER,
  ObservationsWriter,
  parseObservations,
  readObservations,
} from '../../src/workload/observations.js';
import { type Upload, uploadStream } from '../../src/workload/uploads.js';

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

function usageErrorOf(action: () => unknown): UsageError {
  try {
    action();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

describe('observations files', () => {
  it('round-trips 1000 uploads through ObservationsWriter and readObservations with every bit of precision', async () => {
    const uploads = take(9, 1000);
    const path = join(dir, 'round-trip.csv');
    const writer = await ObservationsWriter.open(path);
    for (const upload of uploads) writer.write(upload);
    await writer.close();

    const read = await readObservations(path);
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

  it('parses a file with a trailing newline and Windows line endings', () => {
    const text = `${OBSERVATIONS_HEADER}\r\nsmall,12345,0.25\r\nlarge,6000000,1.5\r\n`;
    expect(parseObservations(text, 'x.csv')).toEqual([
      { fileType: 'small', bytes: 12345, seconds: 0.25 },
      { fileType: 'large', bytes: 6_000_000, seconds: 1.5 },
    ]);
  });

  it('rejects a file without the header, naming the source and line 1', () => {
    const error = usageErrorOf(() => parseObservations('type,size,duration\nsmall,1,0.2\n', 'bad.csv'));
    expect(error.message).toBe(`bad.csv: expected the header "${OBSERVATIONS_HEADER}" on line 1`);
    expect(usageErrorOf(() => parseObservations('', 'empty.csv')).message).toContain('line 1');
  });

  it.each([
    ['a size that is not a number', 'small,abc,0.2'],
    ['an unknown file type', 'huge,100,0.2'],
    ['a missing field', 'small,100'],
  ])('rejects %s, naming the line number and quoting the line', (_, badLine) => {
    const text = `${OBSERVATIONS_HEADER}\nsmall,100,0.2\nmedium,600000,0.3\n${badLine}\nlarge,6000000,1\n`;
    const error = usageErrorOf(() => parseObservations(text, 'obs.csv'));
    expect(error.message).toBe(`obs.csv: line 4 is not "file_type,bytes,seconds": "${badLine}"`);
  });

  it.each([
    ['an empty size', 'small,,0.2'],
    ['an empty duration (cut after its last comma)', 'small,100,'],
    ['a fourth field', 'small,100,0.2,9'],
  ])('rejects a line with %s instead of reading it as a valid upload', (_, badLine) => {
    const text = `${OBSERVATIONS_HEADER}\nsmall,100,0.2\n${badLine}\n`;
    const error = usageErrorOf(() => parseObservations(text, 'obs.csv'));
    expect(error.message).toContain('line 3');
  });

  it('counts blank lines when it names the line of a bad observation', () => {
    const text = `${OBSERVATIONS_HEADER}\n\nsmall,100,0.2\n\nsmall,abc,0.2\n`;
    const error = usageErrorOf(() => parseObservations(text, 'obs.csv'));
    expect(error.message).toContain('line 5');
  });

  it('reports an unreadable file as a UsageError naming the path', async () => {
    const path = join(dir, 'missing.csv');
    await expect(readObservations(path)).rejects.toThrow(UsageError);
    await expect(readObservations(path)).rejects.toThrow(`cannot read observations file "${path}"`);
  });

  it('reports an unwritable path as a DemoError naming the path, not a flag (the CLI checks --observations first)', async () => {
    const path = join(dir, 'no-such-dir', 'obs.csv');
    await expect(ObservationsWriter.open(path)).rejects.toThrow(DemoError);
    await expect(ObservationsWriter.open(path)).rejects.toThrow(`cannot write observations file "${path}"`);
  });
});
