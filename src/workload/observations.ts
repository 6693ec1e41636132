import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { DemoError } from '../errors/DemoError.js';
import type { Upload } from './uploads.js';

/**
 * CSV header of an observations file: one recorded upload per line, readable by any tool. verify
 * and advise read it as a truth file (src/verify/truth.ts): the one reader of this CSV.
 */
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
