import { rm } from 'node:fs/promises';
import { Command } from 'commander';
import { NativeStack } from '../../stack/NativeStack.js';
import { defaultStateDir } from '../../stack/paths.js';

const log = (line: string) => console.log(line);

export function cleanCommand(): Command {
  return new Command('clean')
    .description('stop everything the native stack started and remove its state folder (TSDB, logs, pids)')
    .option('--state-dir <dir>', 'state folder of the native stack', defaultStateDir())
    .action(async (options: { stateDir: string }) => {
      const stopped = await new NativeStack(options.stateDir, log).down();
      if (stopped.length) log(`Stopped ${stopped.join(', ')}`);
      log(`Removing ${options.stateDir} (Prometheus data, logs, derived configs); built binaries stay cached`);
      await rm(options.stateDir, { recursive: true, force: true });
    });
}
