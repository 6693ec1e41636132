import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isAlive } from './processes.js';

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

/**
 * Removes the work folders (`<root>.build-<pid>`, hundreds of MB each) of builds whose process
 * died before its own cleanup ran (SIGKILL, a machine stopped mid-build).
 */
export async function removeAbandonedBuilds(root: string): Promise<void> {
  const parent = dirname(root);
  const prefix = `${basename(root)}.build-`;
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    const pid = Number(entry.slice(prefix.length));
    if (entry.startsWith(prefix) && Number.isInteger(pid) && !isAlive(pid)) {
      await rm(join(parent, entry), { recursive: true, force: true });
    }
  }
}
