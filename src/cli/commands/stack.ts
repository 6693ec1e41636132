import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { COMPONENTS, type Component, NativeStack } from '../../stack/NativeStack.js';
import { defaultStateDir } from '../../stack/paths.js';
import { oneOf } from '../parsers.js';
import { addStackOptions, explicitSettings, type StackPortOptions, stackUpFromFlags } from '../stackOptions.js';

const log = (line: string) => console.log(line);

export function stackCommand(): Command {
  const stack = new Command('stack').description('run the collector and Prometheus: natively, or with Docker Compose');

  addStackOptions(
    stack.command('up').description('build what is missing, validate the configs, start and wait until healthy'),
  )
    .addOption(new Option('--docker', 'use Docker Compose (needs a Docker engine)').conflicts('native'))
    .addOption(new Option('--native', 'use the native binaries even when Docker is available'))
    .action(async (options: StackPortOptions & { docker?: boolean; native?: boolean }, command: Command) => {
      const mode = options.docker ? 'docker' : options.native ? 'native' : 'auto';
      const { lateBuilds } = await stackUpFromFlags({ ...options, mode }, log, explicitSettings(command));
      await lateBuilds;
    });

  stack
    .command('down')
    .description('stop what `stack up` started (and nothing else)')
    .option('--state-dir <dir>', 'state folder of the stack', defaultStateDir())
    .action(async (options: { stateDir: string }) => {
      const stopped = await new NativeStack(options.stateDir, log).down();
      log(
        stopped.length
          ? `Stopped ${stopped.join(' and ')}`
          : 'Nothing to stop: no native stack runs from this state folder',
      );
    });

  stack
    .command('stop')
    .description('stop one component, keeping the others and the state (`stack up` restarts it)')
    .argument('<component>', COMPONENTS.join(', '), oneOf('component', COMPONENTS))
    .option('--state-dir <dir>', 'state folder of the stack', defaultStateDir())
    .action(async (component: Component, options: { stateDir: string }) => {
      const stopped = await new NativeStack(options.stateDir, log).stop(component);
      log(stopped ? `Stopped ${component}` : `${component} is not running from ${options.stateDir}`);
    });

  stack
    .command('status')
    .description('one line per component; exit code 1 unless all are healthy')
    .option('--state-dir <dir>', 'state folder of the stack', defaultStateDir())
    .action(async (options: { stateDir: string }) => {
      const statuses = await new NativeStack(options.stateDir, log).status();
      for (const status of statuses) {
        const state = status.healthy ? 'healthy' : status.running ? 'running, not healthy' : 'stopped';
        log(
          `${status.component.padEnd(10)} ${state}${status.pid ? ` (pid ${status.pid})` : ''} ${status.url}`.trimEnd(),
        );
      }
      if (!statuses.every((status) => status.healthy)) process.exitCode = 1;
    });

  stack
    .command('logs')
    .description('print the logs of one component or all')
    .argument('[component]', `${COMPONENTS.join(' or ')}`, oneOf('component', COMPONENTS))
    .option('--state-dir <dir>', 'state folder of the stack', defaultStateDir())
    .action(async (component: Component | undefined, options: { stateDir: string }) => {
      const native = new NativeStack(options.stateDir, log);
      const state = await native.readState();
      // Without a component: those this stack started (Grafana and Thanos are optional).
      const names = component ? [component] : COMPONENTS.filter((name) => !state || state.processes[name]);
      for (const name of names) {
        const text = await readFile(native.logFile(name), 'utf8').catch(() => undefined);
        if (text === undefined) {
          log(`== ${name}: no log in ${options.stateDir} (has the stack been started?)`);
          continue;
        }
        log(`== ${name} (${native.logFile(name)})`);
        process.stdout.write(text);
      }
    });
  return stack;
}
