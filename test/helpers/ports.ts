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
