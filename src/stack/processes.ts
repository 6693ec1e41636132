import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pollUntil } from '../net/poll.js';

/** Starts a long-running process detached from us, output appended to a log file. */
export function startDetached(
  command: string,
  args: readonly string[],
  options: { logFile: string; env?: Record<string, string>; cwd?: string },
): { pid: number; executable: string; startTime: number } {
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
    // Read at once: until we exit the child cannot be reaped, so its /proc entry is there.
    return { pid: child.pid, executable: command, startTime: processStartTime(child.pid) ?? 0 };
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

/** The process's start time in clock ticks after boot (/proc/PID/stat field 22), or undefined when it is gone. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTime = Number(fields[22 - 3]);
    return Number.isInteger(startTime) ? startTime : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when a live pid is the very process a state folder recorded: same start time (so not a
 * later process that reused the pid), same executable, and a command line holding `argument`, a
 * path inside that state folder (so not the same process recorded by a copy of the folder).
 * A script started through its #! line shows its interpreter first.
 */
export async function isRecordedProcess(
  entry: { pid: number; executable: string; startTime: number },
  argument: string | undefined,
): Promise<boolean> {
  if (!isAlive(entry.pid) || processStartTime(entry.pid) !== entry.startTime) return false;
  try {
    const argv = (await readFile(`/proc/${entry.pid}/cmdline`, 'utf8')).split('\0');
    return (
      (argv[0] === entry.executable || argv[1] === entry.executable) &&
      (argument === undefined || argv.includes(argument))
    );
  } catch {
    return false;
  }
}

/**
 * True when a live pid runs `executable`, whenever it started: how an earlier version, which
 * recorded no start times, told its processes.
 */
export async function runsExecutable(pid: number, executable: string): Promise<boolean> {
  const startTime = processStartTime(pid);
  return startTime !== undefined && (await isRecordedProcess({ pid, executable, startTime }, undefined));
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
