import { execa } from 'execa';
import { StackError } from '../errors/StackError.js';

/**
 * Commands run to completion through execa: stdout and stderr are kept apart (a Go toolchain's
 * stray line on stderr must never reach a JSON.parse of stdout); `output` holds both interleaved,
 * for messages. A timeout ends the command with SIGTERM, then SIGKILL five seconds later.
 */
export interface ExecResult {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as written: what a user would have seen. */
  readonly output: string;
}

export interface ExecOptions {
  readonly cwd?: string;
  /** Added to our own environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** No limit by default: first builds take minutes. */
  readonly timeoutMs?: number;
  /** Aborting ends the command (SIGTERM, then SIGKILL) and fails it with a StackError. */
  readonly signal?: AbortSignal;
  /**
   * Runs the command in a process group of its own, and ends the whole group: on abort, on a
   * timeout, after the command exits (whatever it started and left behind), and when our own
   * process exits first (a build left running while the stack serves, then Ctrl-C: the group
   * is out of the terminal's reach). For commands that start children of their own (npm ci
   * runs install scripts), which a signal to the command alone would leave running.
   */
  readonly processGroup?: boolean;
}

/** Grace between SIGTERM and SIGKILL for a process group. */
const GROUP_GRACE_MS = 3000;

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Our process groups still running, ended at once (SIGKILL: no time is left) if we exit first. */
const liveGroups = new Set<number>();
const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killLiveGroups(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
}

/**
 * A signal nobody else handles ends our process without its 'exit' event: end the groups, then
 * let the signal do what it would have done. Put first among the signal's listeners, so that it
 * sees the others before one of them removes itself as it runs (`dashboards serve` does; that is
 * where signal-exit's listener, put last, takes itself for the only one and kills the process
 * before that handler's own graceful stop).
 */
const signalListeners = Object.fromEntries(
  EXIT_SIGNALS.map((signal) => [
    signal,
    () => {
      if (process.listenerCount(signal) > 1) return;
      killLiveGroups();
      unhookExit();
      process.kill(process.pid, signal);
    },
  ]),
) as Record<(typeof EXIT_SIGNALS)[number], () => void>;

function hookExit(): void {
  if (liveGroups.size > 0) return;
  process.on('exit', killLiveGroups);
  for (const signal of EXIT_SIGNALS) process.prependListener(signal, signalListeners[signal]);
}

/** Once no group runs, our process handles signals as if we had never been here. */
function unhookExit(): void {
  process.off('exit', killLiveGroups);
  for (const signal of EXIT_SIGNALS) process.off(signal, signalListeners[signal]);
}

function trackGroup(pgid: number): () => void {
  hookExit();
  liveGroups.add(pgid);
  return () => {
    liveGroups.delete(pgid);
    if (liveGroups.size === 0) unhookExit();
  };
}

/** Ends every process of the group: SIGTERM, then SIGKILL after a grace; waits until it is empty. */
export async function endProcessGroup(pgid: number): Promise<void> {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  const until = (ms: number) => Date.now() + ms;
  const wait = async (deadline: number) => {
    while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  await wait(until(GROUP_GRACE_MS));
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGKILL');
  await wait(until(5000));
}

/** Runs a command to completion; a non-zero exit is a result, failing to run it a StackError. */
export async function exec(
  component: string,
  command: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const group = options.processGroup === true;
  const subprocess = execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdin: 'ignore',
    all: true,
    reject: false,
    timeout: options.timeoutMs,
    // A group is ended below as a whole; execa would signal its leader only.
    cancelSignal: group ? undefined : options.signal,
    forceKillAfterDelay: 5000,
    detached: group,
  });
  const pgid = subprocess.pid;
  const endGroup = () => {
    if (pgid !== undefined) void endProcessGroup(pgid);
  };
  if (group) options.signal?.addEventListener('abort', endGroup, { once: true });
  if (group && options.signal?.aborted) endGroup();
  const untrack = group && pgid !== undefined ? trackGroup(pgid) : undefined;
  let result: Awaited<typeof subprocess>;
  try {
    result = await subprocess;
  } finally {
    if (group) {
      options.signal?.removeEventListener('abort', endGroup);
      if (pgid !== undefined) await endProcessGroup(pgid);
    }
    untrack?.();
  }
  if (result.isCanceled || (group && options.signal?.aborted))
    throw new StackError(component, `${command} was stopped`, { cause: result });
  if (result.timedOut) {
    throw new StackError(component, `${command} did not finish within ${options.timeoutMs} ms`, { cause: result });
  }
  if (result.exitCode === undefined) {
    const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
    throw new StackError(
      component,
      code === 'ENOENT' ? `"${command}" not found on PATH` : `cannot run ${command}: ${result.shortMessage}`,
      { cause: result },
    );
  }
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr, output: result.all ?? '' };
}

/** Like exec, but a non-zero exit is a StackError carrying the last lines; returns stdout alone. */
export async function execOrFail(
  component: string,
  what: string,
  command: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<string> {
  const result = await exec(component, command, args, options);
  if (result.code !== 0) {
    throw new StackError(component, `${what} failed (exit ${result.code}): ${lastLines(result.output, 15)}`);
  }
  return result.stdout;
}

export function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
