import { Command } from 'commander';
import { vi } from 'vitest';
import { dashboardsCommand } from '../../src/cli/commands/dashboards.js';

export interface DashboardsRun {
  /** What the command printed (console.log lines and stdout writes). */
  readonly output: string;
  /** What it threw, if anything: the CLI prints a DemoError's message as one line. */
  readonly error: unknown;
}

/**
 * Runs `histogram-demo dashboards ...` in this process, as the CLI would once
 * `dashboardsCommand()` is registered in src/cli/program.ts.
 */
export async function runDashboards(args: readonly string[]): Promise<DashboardsRun> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  let error: unknown;
  try {
    await new Command('histogram-demo')
      .exitOverride()
      .configureOutput({ writeErr: (text) => lines.push(text) })
      .addCommand(dashboardsCommand())
      .parseAsync(['dashboards', ...args], { from: 'user' });
  } catch (caught) {
    error = caught;
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
  return { output: lines.join('\n'), error };
}
