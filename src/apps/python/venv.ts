import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { PythonEnvError } from './PythonEnvError.js';

/** The Python apps' folder (pyproject.toml, requirements.txt, the package): it ships beside dist/. */
export const PYTHON_PROJECT_DIR = resolve(fileURLToPath(new URL('../../../python', import.meta.url)));

/** The pinned runtime requirements: the one place that names logfire's and prometheus-client's versions. */
export const REQUIREMENTS_FILE = join(PYTHON_PROJECT_DIR, 'requirements.txt');

/** The runtime pins plus ruff and pytest: the venv of the Python code's own lint and tests. */
export const DEV_REQUIREMENTS_FILE = join(PYTHON_PROJECT_DIR, 'requirements-dev.txt');

/** What the CLI needs to run the Python apps. */
export interface PythonEnv {
  /** The venv's interpreter. */
  readonly python: string;
  readonly venvDir: string;
  /** False when an existing venv with the same pins was reused. */
  readonly created: boolean;
}

export interface PythonEnvOptions {
  /** The CLI's cache folder (the binaries' one): the venv lives in it, outside the repo. */
  readonly cacheDir: string;
  readonly log: (line: string) => void;
  /** The interpreter that creates the venv. @example 'python3' */
  readonly basePython?: string;
  /** `uv`'s command, or `null` to never use it. */
  readonly uv?: string | null;
  /** What to install; DEV_REQUIREMENTS_FILE for lint and tests. @default REQUIREMENTS_FILE */
  readonly requirements?: string;
}

/** Marks a complete venv: written last, so an interrupted install is redone instead of reused. */
const READY_MARKER = '.histogram-demo-ready';

/**
 * Creates (once per set of pins) or reuses the virtual environment of the Python apps in the
 * cache: with `uv` when it is on PATH (seconds), else `python3 -m venv` and pip. The folder is
 * named after a hash of requirements.txt, so changing a pin builds a new venv beside the old.
 */
export async function ensurePythonEnv(options: PythonEnvOptions): Promise<PythonEnv> {
  const requirementsFile = options.requirements ?? REQUIREMENTS_FILE;
  // The dev file includes the runtime one (-r): both go into the key.
  const requirements = (await readFile(requirementsFile, 'utf8')) + (await readFile(REQUIREMENTS_FILE, 'utf8'));
  const key = createHash('sha256').update(requirements).digest('hex').slice(0, 12);
  const venvDir = join(options.cacheDir, `python-venv-${key}`);
  const python = join(venvDir, 'bin', 'python');
  if (await exists(join(venvDir, READY_MARKER))) return { python, venvDir, created: false };

  const basePython = options.basePython ?? 'python3';
  await checkBasePython(basePython);
  const uv = options.uv === null ? undefined : await onPath(options.uv ?? 'uv');
  options.log(
    `Python apps: creating a virtual environment with ${uv ? 'uv' : `${basePython} -m venv and pip`} in ${venvDir} (once per machine)`,
  );
  // Built beside its final name and renamed: a concurrent or interrupted build never leaves a half venv in use.
  const building = `${venvDir}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(options.cacheDir, { recursive: true });
  try {
    if (uv) {
      await run(uv, ['venv', '--quiet', '--python', basePython, building], 'uv venv');
      await run(
        uv,
        ['pip', 'install', '--quiet', '--python', join(building, 'bin', 'python'), '-r', requirementsFile],
        'uv pip install',
      );
    } else {
      await run(basePython, ['-m', 'venv', building], `${basePython} -m venv`);
      await run(
        join(building, 'bin', 'python'),
        ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirementsFile],
        'pip install',
      );
    }
    await writeFile(join(building, READY_MARKER), requirements);
    await rm(venvDir, { recursive: true, force: true });
    await rename(building, venvDir);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  // venv's scripts hold absolute paths; the interpreter itself runs from the renamed folder.
  return { python, venvDir, created: true };
}

async function checkBasePython(basePython: string): Promise<void> {
  const result = await execa(basePython, ['-c', 'import sys, venv; print(sys.version_info >= (3, 10))'], {
    reject: false,
    stdin: 'ignore',
  });
  if (result.exitCode === undefined || result.failed) {
    throw new PythonEnvError(
      result.exitCode === undefined
        ? `"${basePython}" not found: install Python 3.10 or newer with its venv module (Debian/Ubuntu: apt-get install python3 python3-venv)`
        : `"${basePython}" cannot create virtual environments: install its venv module (Debian/Ubuntu: apt-get install python3-venv)`,
      { cause: result },
    );
  }
  if (result.stdout.trim() !== 'True') {
    throw new PythonEnvError(`"${basePython}" is older than Python 3.10: install Python 3.10 or newer`);
  }
}

async function run(command: string, args: readonly string[], what: string): Promise<void> {
  const result = await execa(command, args, { reject: false, stdin: 'ignore', all: true });
  if (result.exitCode !== 0) {
    const tail = (result.all ?? '').trim().split('\n').slice(-10).join('\n');
    throw new PythonEnvError(`${what} failed (exit ${result.exitCode ?? 'none'}): ${tail}`, { cause: result });
  }
}

async function onPath(command: string): Promise<string | undefined> {
  const result = await execa(command, ['--version'], { reject: false, stdin: 'ignore' });
  return result.exitCode === 0 ? command : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
