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

/**
 * A process of ours that runs a command in its own process group (a shell whose background
 * child stands for pnpm's or Vite's), then is ended as `how` says while the command still runs.
 * Returns the pids of the shell and of its child.
 */
async function groupLeftByExit(how: 'SIGTERM' | 'exit after own SIGINT handler'): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'exec-exit-'));
  try {
    const pids = join(dir, 'pids');
    const script = `
      import { exec } from ${JSON.stringify(BUILT_EXEC)};
      process.on('SIGINT', () => setTimeout(() => process.exit(0), 50));
      void exec('test', 'sh', ['-c', 'sleep 300 & echo "$$ $!" > ${pids}; wait'], { processGroup: true });
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    expect(
      await pollUntil(async () => (await readFile(pids, 'utf8').catch(() => '')).includes(' '), {
        timeoutMs: 10_000,
        intervalMs: 50,
      }),
    ).toBe(true);
    child.kill(how === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
    await exited;
    return (await readFile(pids, 'utf8')).trim().split(' ').map(Number);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a command in its own process group, when our process exits first', () => {
  for (const how of ['SIGTERM', 'exit after own SIGINT handler'] as const) {
    it(`ends the whole group (${how})`, async () => {
      const pids = await groupLeftByExit(how);
      try {
        expect(await pollUntil(() => pids.every((pid) => !alive(pid)), { timeoutMs: 5000, intervalMs: 50 })).toBe(true);
      } finally {
        for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
      }
    });
  }
});
