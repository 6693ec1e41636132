import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FeedTask, WorkerTask } from './tasks.js';

export const WORKER_PATH = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Runs one worker task to completion and returns its JSON result line. */
export async function runWorker<T>(task: WorkerTask, nodeArgs: readonly string[] = []): Promise<T> {
  return await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, WORKER_PATH, JSON.stringify(task)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || line === '') {
        reject(
          new Error(`bench worker ${task.kind} failed (exit ${code}): ${err.trim().split('\n').slice(-5).join('\n')}`),
        );
        return;
      }
      resolve(JSON.parse(line) as T);
    });
  });
}

/** A running `feed` worker: both apps in one process, serving /metrics, recording on demand. */
export interface FeedProcess {
  /** Records one more upload; resolves with the time (ms since the epoch) it was recorded. */
  record(): Promise<number>;
  stop(): Promise<void>;
}

export async function startFeed(task: FeedTask): Promise<FeedProcess> {
  const child = spawn(process.execPath, [WORKER_PATH, JSON.stringify(task)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting: ((line: string) => void)[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      waiting.shift()?.(line);
      newline = buffered.indexOf('\n');
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const nextLine = () =>
    Promise.race([
      new Promise<string>((resolve) => waiting.push(resolve)),
      exited.then((code) => {
        throw new Error(`bench feed worker exited (code ${code}): ${stderr.trim().split('\n').slice(-5).join('\n')}`);
      }),
    ]);
  await nextLine();
  return {
    async record() {
      child.stdin.write('record\n');
      return (JSON.parse(await nextLine()) as { recordedAt: number }).recordedAt;
    },
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
