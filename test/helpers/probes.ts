import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Probes the tests use to check what the stack runner did. Written apart from src/ on purpose:
 * a test must not judge the runner's stop and port logic with that same logic.
 */

/** Alive and not a zombie: detached stack processes may be re-parented to a pid 1 that does not reap. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** True when the test itself can bind the port on 127.0.0.1. */
export async function portFree(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
