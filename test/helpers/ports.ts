import { appendFileSync } from 'node:fs';
import { FREE_PORT_RANGE, isPortFree, freePort as pickFreePort } from '../../src/net/ports.js';

/**
 * A TCP port that is free right now on 127.0.0.1 (src/net/ports.ts says where from). Recorded for the run's
 * last check (test/helpers/leftBehind.ts) that no port of ours is still bound.
 */
export async function freePort(): Promise<number> {
  const port = await pickFreePort();
  const record = process.env.HISTOGRAM_DEMO_TEST_PORTS;
  if (record) appendFileSync(record, `${port}\n`);
  return port;
}

/**
 * The first of `count` consecutive ports that are all free right now, below Linux' ephemeral
 * range (32768 on) and above freePort's range, so that neither the kernel's picks for outbound
 * connections nor other tests' freePort() can land inside.
 * Recorded like freePort's.
 */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = FREE_PORT_RANGE.to + Math.floor(Math.random() * (32_000 - FREE_PORT_RANGE.to));
    let free = true;
    for (let port = first; port < first + count && free; port++) free = await isPortFree('127.0.0.1', port);
    if (!free) continue;
    const record = process.env.HISTOGRAM_DEMO_TEST_PORTS;
    for (let port = first; port < first + count; port++) if (record) appendFileSync(record, `${port}\n`);
    return first;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}
