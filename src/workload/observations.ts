import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
      throw new UsageError(`--observations: cannot write "${path}": ${(error as Error).message}`, { cause: error });
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
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== OBSERVATIONS_HEADER) {
    throw new UsageError(`${source}: expected the header "${OBSERVATIONS_HEADER}" on line 1`);
  }
  return lines.slice(1).map((line, index) => {
    const [fileType, bytes, seconds] = line.split(',');
    const upload = { fileType: fileType as FileType, bytes: Number(bytes), seconds: Number(seconds) };
    if (!FILE_TYPES.includes(upload.fileType) || !Number.isFinite(upload.bytes) || !Number.isFinite(upload.seconds)) {
      throw new UsageError(`${source}: line ${index + 2} is not "file_type,bytes,seconds": "${line}"`);
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
