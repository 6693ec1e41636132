import { access, constants, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors/UsageError.js';

/**
 * Paths named by flags. Output paths are checked before a command starts anything: a command that would
 * fail to write its result after minutes of work (or hang, as a recursive mkdir under /proc
 * does) fails at once instead, naming the flag. Checks are real writes, not permission bits,
 * which root ignores.
 */

function cannotWrite(flag: string, path: string, reason: string, cause?: unknown): UsageError {
  return new UsageError(`${flag}: cannot write "${path}": ${reason}`, { cause });
}

async function statOrMissing(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    // ENOTDIR: a parent is a file; the walk up in prepareOutputFolder then names it.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Creates and removes a file in the folder: the one proof that the folder takes new files. */
async function probeFolder(folder: string): Promise<void> {
  const probe = join(folder, `.histogram-demo-write-check-${process.pid}`);
  await writeFile(probe, '');
  await rm(probe, { force: true });
}

/** A file the command will create or replace: its folder exists and takes files; it is not a folder. */
export async function checkOutputFile(flag: string, path: string): Promise<void> {
  const absolute = resolve(path);
  try {
    const existing = await statOrMissing(absolute);
    if (existing?.isDirectory()) throw cannotWrite(flag, path, 'it is a folder; name a file');
    const folder = dirname(absolute);
    const parent = await statOrMissing(folder);
    if (!parent) throw cannotWrite(flag, path, `ENOENT: its folder ${folder} does not exist`);
    if (!parent.isDirectory()) throw cannotWrite(flag, path, `${folder} is a file, not a folder`);
    await probeFolder(folder);
    if (existing) await access(absolute, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw cannotWrite(flag, path, (error as Error).message, error);
  }
}

/** A folder the command writes into: created with its missing parents, then proven writable. */
export async function prepareOutputFolder(flag: string, path: string): Promise<void> {
  const absolute = resolve(path);
  try {
    // Walk up to the nearest existing ancestor, then create each missing level: mkdir's own
    // recursive mode loops forever under /proc.
    const missing: string[] = [];
    let nearest = absolute;
    let found = await statOrMissing(nearest);
    while (!found && dirname(nearest) !== nearest) {
      missing.unshift(nearest);
      nearest = dirname(nearest);
      found = await statOrMissing(nearest);
    }
    if (found && !found.isDirectory()) {
      throw cannotWrite(flag, path, nearest === absolute ? 'it is a file, not a folder' : `${nearest} is a file`);
    }
    for (const folder of missing) await mkdir(folder);
    await probeFolder(absolute);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw cannotWrite(flag, path, (error as Error).message, error);
  }
}

/** A file the command reads (a config to validate, a CSV): present, a file, and readable. */
export async function checkInputFile(flag: string, path: string): Promise<void> {
  try {
    const found = await stat(path);
    if (!found.isFile()) throw new UsageError(`${flag}: "${path}" is not a file`);
    await access(path, constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${flag}: cannot read "${path}": ${(error as Error).message}`, { cause: error });
  }
}
