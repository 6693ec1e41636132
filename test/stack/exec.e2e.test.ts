import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StackError } from '../../src/errors/StackError.js';
import { pollUntil } from '../../src/net/poll.js';
import { exec, execOrFail } from '../../src/stack/exec.js';
import { alive } from '../helpers/probes.js';

const BUILT_EXEC = fileURLToPath(new URL('../../dist/stack/exec.js', import.meta.url));

const node = process.execPath;

describe('running a build command', () => {
  it('returns stdout alone, so a line on stderr (as Go writes) never breaks JSON.parse', async () => {
    const stdout = await execOrFail('test', 'go mod download', node, [
      '-e',
      'console.error("go: downloading example.com/m v1.0.0"); console.log(JSON.stringify({ Dir: "/tmp/m" }))',
    ]);
    expect(JSON.parse(stdout)).toEqual({ Dir: '/tmp/m' });
  });

  it('keeps both streams, in the order written, for messages', async () => {
    const result = await exec('test', node, ['-e', 'console.log("one"); console.error("two"); process.exit(3)']);
    expect(result).toEqual({ code: 3, stdout: 'one', stderr: 'two', output: 'one\ntwo' });
  });

  it('fails with the exit code and the last lines of both streams', async () => {
    const failing = execOrFail('prometheus', 'go build', node, [
      '-e',
      'console.log("compiling"); console.error("boom"); process.exit(2)',
    ]);
    await expect(failing).rejects.toThrow(StackError);
    await expect(failing).rejects.toThrow('prometheus: go build failed (exit 2): compiling\nboom');
  });

  it('names a command that is not on PATH', async () => {
    await expect(exec('collector', 'no-such-command-histogram-demo', [])).rejects.toThrow(
      'collector: "no-such-command-histogram-demo" not found on PATH',
    );
  });

  it('ends a command that outlives its timeout and says so', async () => {
    const started = Date.now();
    await expect(exec('docker', node, ['-e', 'setTimeout(() => {}, 60_000)'], { timeoutMs: 300 })).rejects.toThrow(
      `docker: ${node} did not finish within 300 ms`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

type Ending =
  | 'SIGTERM, no handler of ours'
  | 'SIGINT handler, then exit'
  | 'SIGTERM handler that removes itself and stops gracefully';

/** How the process of ours that runs the command meets its signal: the three ways our commands do. */
const HANDLERS: Record<Ending, string> = {
  'SIGTERM, no handler of ours': '',
  // `start`: its handler stops the apps, then exits.
  'SIGINT handler, then exit': `process.on('SIGINT', () => setTimeout(() => process.exit(0), 50));`,
  // `dashboards serve`: its handler removes itself, ends the build (SIGTERM, SIGKILL after a grace),
  // then exits on its own; nothing may cut that short.
  'SIGTERM handler that removes itself and stops gracefully': `
    const stop = () => {
      process.off('SIGTERM', stop);
      building.abort();
      run.then(() => { writeFileSync(DONE, 'graceful'); process.exit(0); });
    };
    process.on('SIGTERM', stop);`,
};

/**
 * A process of ours that runs a command in its own process group (a shell that ignores SIGTERM,
 * as npm ci does, and a child of it standing for pnpm's or Vite's), then gets `ending`'s signal
 * while the command still runs. Returns the pids of the shell and its child, and what the process
 * wrote once its graceful stop was done (empty if it had none or was cut short).
 */
async function groupLeftBy(ending: Ending): Promise<{ pids: number[]; done: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'exec-exit-'));
  try {
    const pids = join(dir, 'pids');
    const done = join(dir, 'done');
    const script = `
      import { writeFileSync } from 'node:fs';
      import { exec } from ${JSON.stringify(BUILT_EXEC)};
      const DONE = ${JSON.stringify(done)};
      const building = new AbortController();
      ${HANDLERS[ending]}
      const run = exec('test', 'sh', ['-c', 'trap "" TERM; sleep 300 & echo "$$ $!" > ${pids}; wait'], {
        processGroup: true,
        signal: building.signal,
      }).catch(() => {});
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const started = async () => (await readFile(pids, 'utf8').catch(() => '')).includes(' ');
    expect(await pollUntil(started, { timeoutMs: 10_000, intervalMs: 50 })).toBe(true);
    child.kill(ending.startsWith('SIGINT') ? 'SIGINT' : 'SIGTERM');
    await exited;
    return {
      pids: (await readFile(pids, 'utf8')).trim().split(' ').map(Number),
      done: await readFile(done, 'utf8').catch(() => ''),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a command in its own process group, when our process gets a signal', () => {
  for (const ending of Object.keys(HANDLERS) as Ending[]) {
    it(`never outlives our process (${ending})`, async () => {
      const { pids, done } = await groupLeftBy(ending);
      try {
        const gone = () => pids.every((pid) => !alive(pid));
        expect(await pollUntil(gone, { timeoutMs: 5000, intervalMs: 50 })).toBe(true);
        if (ending.includes('gracefully')) expect(done).toBe('graceful');
      } finally {
        for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
      }
    });
  }
});
