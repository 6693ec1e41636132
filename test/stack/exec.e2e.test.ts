import { describe, expect, it } from 'vitest';
import { StackError } from '../../src/errors/StackError.js';
import { exec, execOrFail } from '../../src/stack/exec.js';

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
