import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { StackState } from '../../src/stack/NativeStack.js';
import { runCli } from './cli.js';
import { alive } from './probes.js';

/**
 * `cp -r STATE COPY`, then every command that reads a state folder, through the copy: each part
 * the original runs is "stopped" for the copy, and stays alive whatever the copy is asked.
 */
export async function expectCopyOfStateTouchesNothing(stateDir: string): Promise<void> {
  const state = JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as StackState;
  const components = Object.keys(state.processes);
  const pids = Object.values(state.processes).map((entry) => entry.pid);
  expect(pids.every(alive), 'the original runs before the copy is made').toBe(true);
  const copy = `${stateDir}-copy`;
  await cp(stateDir, copy, { recursive: true });
  try {
    const status = await runCli(['stack', 'status', '--state-dir', copy]);
    expect(status.code).toBe(1);
    for (const component of components) expect(status.stdout).toMatch(new RegExp(`^${component} +stopped`, 'm'));
    for (const component of components) {
      const stop = await runCli(['stack', 'stop', component, '--state-dir', copy]);
      expect(stop.stdout).toContain(`${component} is not running from`);
    }
    const down = await runCli(['stack', 'down', '--state-dir', copy]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('Nothing to stop');
    for (const [index, pid] of pids.entries()) expect(alive(pid), `${components[index]} (pid ${pid})`).toBe(true);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}
