import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The compiled CLI, as users run it (`npm test` builds first). */
export const CLI = fileURLToPath(new URL('../../bin/histogram-demo.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to completion. */
export async function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A CLI process left running (e.g. `run --stay`), with its output so far. */
export interface RunningCli {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves when the output contains the text. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let closed = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      closed = true;
      resolve(code);
    }),
  );
  return {
    child,
    output: () => output,
    // Event-driven rather than polled: settles on the output chunk that brings the text, or on exit.
    waitFor(text, timeoutMs = 60_000) {
      const found = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
      return new Promise<void>((resolve, reject) => {
        const settle = (error?: Error) => {
          clearTimeout(timer);
          child.stdout?.off('data', onOutput);
          child.stderr?.off('data', onOutput);
          child.off('close', onClose);
          if (error) reject(error);
          else resolve();
        };
        const onOutput = () => {
          if (found()) settle();
        };
        const onClose = () => settle(found() ? undefined : new Error(`CLI exited before "${text}":\n${output}`));
        const timer = setTimeout(() => settle(new Error(`timed out waiting for "${text}":\n${output}`)), timeoutMs);
        child.stdout?.on('data', onOutput);
        child.stderr?.on('data', onOutput);
        child.on('close', onClose);
        if (found() || closed) onClose();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return await exited;
    },
  };
}
