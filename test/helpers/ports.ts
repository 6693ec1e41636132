import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A TCP port that is free right now on 127.0.0.1, chosen by the kernel. Recorded for the run's
 * last check (test/helpers/leftBehind.ts) that no port of ours is still bound.
 */
export async function freePort(): Promise<number> {
  const port = await kernelPort();
  const record = process.env.HISTOGRAM_DEMO_TEST_PORTS;
  if (record) appendFileSync(record, `${port}\n`);
  return port;
}

async function kernelPort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function canBind(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive ports that are all free right now, below Linux' ephemeral
 * range (32768 on), so that the kernel's picks for other tests' freePort() cannot land inside.
 */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * 12_000);
    let free = true;
    for (let port = first; port < first + count && free; port++) free = await canBind(port);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}
