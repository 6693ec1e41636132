import { type AppChoice, type RunOptions, runApps } from '../apps/runApps.js';
import { PortInUseError } from '../errors/PortInUseError.js';

/** runApps, with a taken direct-app port worded for the flag that sets it (`run --port`, `start --app-port`). */
export async function runAppsOnPort(portFlag: string, app: AppChoice, options: RunOptions): Promise<void> {
  try {
    await runApps(app, options);
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    const hint = `choose another with ${portFlag} or stop that process`;
    throw new PortInUseError(error.host, error.port, error.holder, hint, { cause: error });
  }
}
