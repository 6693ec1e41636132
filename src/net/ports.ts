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

/** A TCP port free right now on 127.0.0.1, chosen by the kernel. */
export async function freePort(): Promise<number> {
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
