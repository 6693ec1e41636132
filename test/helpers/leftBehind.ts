import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from './probes.js';

/**
 * Global setup of the `e2e` project: the run's last check that it left nothing behind.
 *
 * Every process the tests start inherits `HISTOGRAM_DEMO_TEST_RUN` (the stack runner passes its
 * environment on, detached or not), so a process of ours can be told from another run's on the
 * same machine by its /proc environ. Ports handed out by `freePort()` are recorded beside it.
 * Temporary folders go under a per-run TMPDIR, removed at the end whatever happened.
 */
export const RUN_ENV = 'HISTOGRAM_DEMO_TEST_RUN';
export const PORTS_FILE_ENV = 'HISTOGRAM_DEMO_TEST_PORTS';

interface Listener {
  readonly port: number;
  readonly pid: number | undefined;
}

function environOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return '';
  }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160);
  } catch {
    return '?';
  }
}

/** Live processes marked with this run, except vitest itself and its own workers (closed after this). */
function processesOfRun(runId: string): number[] {
  const marker = `\0${RUN_ENV}=${runId}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => pid !== process.pid && parentOf(pid) !== process.pid)
    .filter((pid) => `\0${environOf(pid)}`.includes(marker) && alive(pid));
}

function listeners(): Listener[] {
  const out = execFileSync('ss', ['-Hltnp'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const local = line.trim().split(/\s+/)[3] ?? '';
      const pid = /pid=(\d+)/.exec(line)?.[1];
      return { port: Number(local.slice(local.lastIndexOf(':') + 1)), pid: pid ? Number(pid) : undefined };
    });
}

export function setup(): () => void {
  const runId = randomUUID();
  const runDir = mkdtempSync(join(tmpdir(), 'histogram-demo-run-'));
  const runTmp = join(runDir, 'tmp');
  mkdirSync(runTmp);
  const portsFile = join(runDir, 'ports');
  const previousTmp = process.env.TMPDIR;
  process.env[RUN_ENV] = runId;
  process.env[PORTS_FILE_ENV] = portsFile;
  process.env.TMPDIR = runTmp;

  return () => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    const left = processesOfRun(runId);
    let recorded: Set<number>;
    try {
      recorded = new Set(readFileSync(portsFile, 'utf8').split('\n').filter(Boolean).map(Number));
    } catch {
      recorded = new Set();
    }
    // A recorded port bound by another user's process (no pid visible) may still be ours; one bound
    // by a visible process of another run is not.
    const bound = listeners().filter(
      ({ port, pid }) => (pid !== undefined && left.includes(pid)) || (pid === undefined && recorded.has(port)),
    );
    rmSync(runDir, { recursive: true, force: true });
    if (left.length === 0 && bound.length === 0) return;
    const lines = [
      ...left.map((pid) => `process ${pid} still running: ${commandOf(pid)}`),
      ...bound.map(({ port, pid }) => `port ${port} still bound${pid ? ` by process ${pid}` : ''}`),
    ];
    // Stop them so that this run leaves nothing behind after all, then fail it.
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exitCode = 1;
    throw new Error(`the e2e run left things behind (now killed):\n  ${lines.join('\n  ')}`);
  };
}
