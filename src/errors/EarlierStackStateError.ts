import { StackStateError } from './StackStateError.js';

/**
 * A state folder's stack.json written by an earlier version, which recorded no start times: its
 * processes cannot be told from later ones that reused their pids, so nothing is done to them.
 * The message names the pids that still run what it recorded, for the user to stop.
 */
export class EarlierStackStateError extends StackStateError {
  override name = 'EarlierStackStateError';
  constructor(
    stateDir: string,
    statePath: string,
    /** The recorded pids that still run the recorded executable (the earlier version's own test). */
    readonly runningPids: readonly number[],
    options?: ErrorOptions,
  ) {
    super(stateDir, statePath, 'written by an earlier version: no process start times', options);
    const recover =
      runningPids.length === 0
        ? `none of its processes runs: delete ${statePath}`
        : `stop its processes that still run with "kill ${runningPids.join(' ')}", then delete ${statePath}`;
    this.message = `${statePath} was written by an earlier version of histogram-demo (no process start times); ${recover}`;
  }
}
