import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

/**
 * Setup file of the `unit` project: a unit test that starts a process or a server throws at
 * once, naming where the test belongs, instead of slowing the fast suite or leaking.
 */
function refuse(what: string): never {
  throw new Error(`a unit test may not ${what}: move the test to test/e2e/ or name it *.e2e.test.ts`);
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  Object.defineProperty(childProcess, name, { value: () => refuse(`start a process (child_process.${name})`) });
}
net.Server.prototype.listen = () => refuse('listen on a port');
syncBuiltinESMExports();
