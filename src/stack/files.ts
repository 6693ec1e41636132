import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes a file whole or not at all: a process that watches it (a Thanos receiver reloads its
 * hashring on change) never reads half of it. The temporary file sits beside the target so
 * that the rename stays on one file system.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
