import { DemoError } from './DemoError.js';

/**
 * `stack up` asked for a setting (a config file, a port) other than the one the running stack
 * of that state folder uses: applying it would mean restarting parts under the user's feet.
 */
export class RunningStackDiffersError extends DemoError {
  override name = 'RunningStackDiffersError';
  override readonly exitCode = 2;
  constructor(
    readonly stateDir: string,
    /** Which setting: a port (`prometheus`, `otlpHttp`...) or a config (`hashring`...). */
    readonly setting: { readonly port: string } | { readonly config: string },
    readonly requested: string,
    readonly running: string,
    options?: ErrorOptions,
  ) {
    super(
      `${'port' in setting ? `port ${setting.port}` : `${setting.config} config`} ${requested}: the stack in ${stateDir} runs with ${running}; stop it first (stack down --state-dir ${stateDir})`,
      options,
    );
  }
}
