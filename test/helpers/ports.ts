import { appendFileSync } from 'node:fs';
import { freePort as kernelPort } from '../../src/net/ports.js';

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
