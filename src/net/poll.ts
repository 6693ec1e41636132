import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  /** How long to keep trying; the check runs at least once. */
  readonly timeoutMs: number;
  /** The pause between two tries. @example 200 */
  readonly intervalMs?: number;
  /** Stops early with false, e.g. when the process we wait for has died. */
  readonly giveUp?: () => boolean;
}

/**
 * The one polling loop of src: tries `check` until it holds (true) or the time is up (false).
 * A check that throws counts as not yet.
 */
export async function pollUntil(check: () => boolean | Promise<boolean>, options: PollOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.giveUp?.()) return false;
    const held = await Promise.resolve()
      .then(check)
      .catch(() => false);
    if (held) return true;
    if (Date.now() >= deadline) return false;
    await sleep(options.intervalMs ?? 200);
  }
}
