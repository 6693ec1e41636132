import { DemoError } from './DemoError.js';

/**
 * What differs: a port (`prometheus`, `otlpHttp`...), a config file (`hashring`...) given as
 * another path, or the same config file whose content changed since the running parts read it.
 */
export type DifferingSetting =
  | { readonly port: string }
  | { readonly config: string }
  | { readonly configContent: string };

/**
 * `stack up` asked for a setting (a config file, a port) other than the one the running stack
 * of that state folder uses: applying it would mean restarting parts under the user's feet.
 */
export class RunningStackDiffersError extends DemoError {
  override name = 'RunningStackDiffersError';
  override readonly exitCode = 2;
  constructor(
    readonly stateDir: string,
    readonly setting: DifferingSetting,
    /** The port or config path asked for. */
    readonly requested: string,
    /** The port or config path the stack runs with; for a changed content, the copy its parts read. */
    readonly running: string,
    options?: ErrorOptions,
  ) {
    super(
      'configContent' in setting
        ? `${setting.configContent} config ${requested}: its content differs from ${running}, which the stack in ${stateDir} runs with; stop it first (stack down --state-dir ${stateDir})`
        : `${'port' in setting ? `port ${setting.port}` : `${setting.config} config`} ${requested}: the stack in ${stateDir} runs with ${running}; stop it first (stack down --state-dir ${stateDir})`,
      options,
    );
  }
}
