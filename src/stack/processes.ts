import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pollUntil } from '../net/poll.js';

/** Starts a long-running process detached from us, output appended to a log file. */
export function startDetached(
  command: string,
  args: readonly string[],
  options: { logFile: string; env?: Record<string, string>; cwd?: string },
): number {
  const fd = openSync(options.logFile, 'a');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** True for a running process; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * True when a live pid runs this executable, so that `down` never signals a process that
 * reused our pid. A script started through its #! line shows its interpreter first.
 */
export async function runsExecutable(pid: number, executable: string): Promise<boolean> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return argv[0] === executable || argv[1] === executable;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if the process is still there after the grace period. */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  if (await pollUntil(() => !isAlive(pid), { timeoutMs: graceMs, intervalMs: 100 })) return;
  process.kill(pid, 'SIGKILL');
  // SIGKILL cannot be refused; the wait is for the kernel to take it down.
  await pollUntil(() => !isAlive(pid), { timeoutMs: 10_000, intervalMs: 50 });
}

/** True when the URL answers 2xx within two seconds. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** Polls a URL until it answers 2xx; false on timeout or when the process died. */
export async function waitForHttpOk(url: string, timeoutMs: number, stillRunning: () => boolean): Promise<boolean> {
  return await pollUntil(() => httpOk(url), { timeoutMs, intervalMs: 200, giveUp: () => !stillRunning() });
}
