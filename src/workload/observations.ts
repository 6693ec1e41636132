import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DemoError } from '../errors/DemoError.js';
import { UsageError } from '../errors/UsageError.js';
import { FILE_TYPES, type FileType } from '../metrics/definitions.js';
import type { Upload } from './uploads.js';

/** CSV header of an observations file: one recorded upload per line, readable by any tool. */
export const OBSERVATIONS_HEADER = 'file_type,bytes,seconds';

/** Full precision, so that sums recomputed from the file equal what the apps recorded. */
export function formatObservation(upload: Upload): string {
  return `${upload.fileType},${upload.bytes},${upload.seconds}`;
}

/**
 * Appends every recorded upload as it happens, so an interrupted run keeps what it recorded.
 */
export class ObservationsWriter {
  private constructor(private readonly stream: WriteStream) {}

  static async open(path: string): Promise<ObservationsWriter> {
    const stream = createWriteStream(path, { flags: 'w' });
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new DemoError(`cannot write observations file "${path}": ${(error as Error).message}`, { cause: error });
    }
    stream.write(`${OBSERVATIONS_HEADER}\n`);
    return new ObservationsWriter(stream);
  }

  write(upload: Upload): void {
    this.stream.write(`${formatObservation(upload)}\n`);
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'close');
  }
}

export function parseObservations(text: string, source: string): Upload[] {
  // Numbered before blank lines are dropped, so an error names the line an editor shows.
  const lines = text
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '');
  if (lines[0]?.line.trim() !== OBSERVATIONS_HEADER) {
    throw new UsageError(`${source}: expected the header "${OBSERVATIONS_HEADER}" on line 1`);
  }
  return lines.slice(1).map(({ line, number }) => {
    const fields = line.trim().split(',');
    const [fileType, bytes, seconds] = fields;
    const upload = { fileType: fileType as FileType, bytes: Number(bytes), seconds: Number(seconds) };
    // Number('') is 0: empty fields must be refused explicitly, or a cut line reads as a 0-byte upload.
    const wellFormed =
      fields.length === 3 &&
      fields.every((field) => field.trim() !== '') &&
      FILE_TYPES.includes(upload.fileType) &&
      Number.isFinite(upload.bytes) &&
      Number.isFinite(upload.seconds);
    if (!wellFormed) {
      throw new UsageError(`${source}: line ${number} is not "file_type,bytes,seconds": "${line}"`);
    }
    return upload;
  });
}

export async function readObservations(path: string): Promise<Upload[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read observations file "${path}": ${(error as Error).message}`, { cause: error });
  }
  return parseObservations(text, path);
}
