import { DemoError } from './DemoError.js';

/**
 * A state folder's stack.json that is not what `stack up` writes (random bytes, a hand edit, a
 * cut write): nothing in it can be trusted to say which processes are ours, so nothing is done.
 */
export class StackStateError extends DemoError {
  override name = 'StackStateError';
  constructor(
    readonly stateDir: string,
    readonly statePath: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `${statePath} is not a stack state (${reason}); stop what still runs from that folder (pgrep -af ${stateDir}), then delete ${statePath}`,
      options,
    );
  }
}
