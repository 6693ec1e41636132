import { spawn } from 'node:child_process';
import { StackError } from '../errors/StackError.js';

export interface ExecResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to completion, capturing stdout and stderr together. */
export async function exec(
  component: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ExecResult> {
  return await new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new StackError(
          component,
          error.code === 'ENOENT' ? `"${command}" not found on PATH` : `cannot run ${command}: ${error.message}`,
          { cause: error },
        ),
      ),
    );
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Like exec, but a non-zero exit is a StackError carrying the command's last lines. */
export async function execOrFail(
  component: string,
  what: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const result = await exec(component, command, args, options);
  if (result.code !== 0) {
    throw new StackError(component, `${what} failed (exit ${result.code}): ${lastLines(result.output, 15)}`);
  }
  return result.output;
}

export function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
