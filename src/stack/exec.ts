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
}

/** Runs a command to completion; a non-zero exit is a result, failing to run it a StackError. */
export async function exec(
  component: string,
  command: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const result = await execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdin: 'ignore',
    all: true,
    reject: false,
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    forceKillAfterDelay: 5000,
  });
  if (result.isCanceled) throw new StackError(component, `${command} was stopped`, { cause: result });
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
