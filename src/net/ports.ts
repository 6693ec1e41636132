import { createServer } from 'node:net';
import { execa } from 'execa';

/** True when nothing listens on host:port (we could bind it ourselves). */
export async function isPortFree(host: string, port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Where freePort picks: above every seed port and below Linux' ephemeral range (32768 on by
 * default), which the kernel draws outbound connections' local ports from. A port the kernel
 * hands us (bind to 0) comes from that range, and any connection opened between our check and a
 * server's bind can take it ("address already in use" in a collector started a moment later).
 * Tests' port blocks (test/helpers/ports.ts) start at its upper end, so the two never meet.
 */
export const FREE_PORT_RANGE = { from: 15_000, to: 20_000 } as const;

/** Ports this process has handed out: two picks in a row never give the same port. */
const handedOut = new Set<number>();

/** A TCP port free right now on 127.0.0.1, outside the kernel's ephemeral range. */
export async function freePort(): Promise<number> {
  const span = FREE_PORT_RANGE.to - FREE_PORT_RANGE.from;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FREE_PORT_RANGE.from + Math.floor(Math.random() * span);
    if (handedOut.has(port) || !(await isPortFree('127.0.0.1', port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free TCP port found between ${FREE_PORT_RANGE.from} and ${FREE_PORT_RANGE.to} on 127.0.0.1`);
}

/**
 * Best effort: "pid 1234 (node)" for the process listening on a TCP port, read from
 * `ss -ltnp`; undefined when ss is missing or does not say (other users' processes).
 */
export async function describePortHolder(port: number): Promise<string | undefined> {
  try {
    const { stdout } = await execa('ss', ['-Hltnp', `sport = :${port}`], { timeout: 2000 });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(stdout);
    return match ? `pid ${match[2]} (${match[1]})` : undefined;
  } catch {
    return undefined;
  }
}
