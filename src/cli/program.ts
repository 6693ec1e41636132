import { Command, CommanderError } from 'commander';
import { DemoError } from '../errors/DemoError.js';
import { PrometheusUnreachableError } from '../prometheus/PrometheusUnreachableError.js';
import { packageVersion } from '../stack/paths.js';
import { adviseCommand } from './commands/advise.js';
import { cleanCommand } from './commands/clean.js';
import { dashboardsCommand } from './commands/dashboards.js';
import { doctorCommand } from './commands/doctor.js';
import { healthCommand } from './commands/health.js';
import { runCommand } from './commands/run.js';
import { stackCommand } from './commands/stack.js';
import { startCommand } from './commands/start.js';
import { verifyCommand } from './commands/verify.js';

export function buildProgram(): Command {
  const program = new Command('histogram-demo')
    .description('Histograms from Node.js to Prometheus, through Logfire/OpenTelemetry and prom-client, verified')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander's own usage errors, as one line that says where help is.
      outputError: (message, write) => write(`${message.trim().replace(/\n+/g, ' ')} (see histogram-demo --help)\n`),
    });
  program.addCommand(runCommand());
  program.addCommand(stackCommand());
  program.addCommand(startCommand());
  program.addCommand(verifyCommand());
  program.addCommand(doctorCommand());
  program.addCommand(adviseCommand());
  program.addCommand(dashboardsCommand());
  program.addCommand(healthCommand());
  program.addCommand(cleanCommand());
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput(program.configureOutput());
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    // A command may report failure without throwing (e.g. `stack status` when a part is down).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version also end here, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof DemoError) {
      const unreachable =
        error instanceof PrometheusUnreachableError || error.cause instanceof PrometheusUnreachableError;
      const hint = unreachable ? '; start it with "histogram-demo stack up" or pass --prometheus-url' : '';
      console.error(`histogram-demo: ${error.message}${hint}`);
      return error.exitCode;
    }
    // A bug or an unexpected library failure: one line, the stack only on request.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`histogram-demo: unexpected error: ${message}`);
    if (process.env.HISTOGRAM_DEMO_DEBUG) console.error(error);
    return 1;
  }
}
