import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { create } from 'tar';
import type { Release } from '../../src/stack/releases.js';

/** A release archive as a mirror serves it, made from binaries already on this machine. */
export interface MirroredRelease {
  readonly release: Release;
  /** Cached name (a key of `release.binaries`) -> a binary to put at that place in the archive. */
  readonly from: Readonly<Record<string, string>>;
}

/**
 * Writes each release in GitHub's layout (`<owner>/<repo>/releases/download/v<version>/`): the
 * archive with the binaries at upstream's paths, and the checksum file in `sha256sum` format.
 * gzip level 1: these archives are made on every test run; their size is not what is tested.
 */
export async function writeMirror(root: string, releases: readonly MirroredRelease[]): Promise<void> {
  for (const { release, from } of releases) {
    const folder = join(root, release.repository, 'releases/download', `v${release.version}`);
    const staging = join(root, '.staging', release.component);
    for (const [name, inside] of Object.entries(release.binaries)) {
      const source = from[name];
      if (!source) throw new Error(`no binary given for ${name} of ${release.archive}`);
      await mkdir(dirname(join(staging, inside)), { recursive: true });
      await copyFile(source, join(staging, inside));
    }
    await mkdir(folder, { recursive: true });
    const archive = join(folder, release.archive);
    await create({ gzip: { level: 1 }, file: archive, cwd: staging, portable: true }, Object.values(release.binaries));
    const sha = createHash('sha256')
      .update(await readFile(archive))
      .digest('hex');
    // Another asset's line first, as in upstream's files (which list every platform).
    const other = `${'0'.repeat(64)}  ${release.archive.replace('.tar.gz', '.zip')}`;
    await writeFile(join(folder, release.checksums), `${other}\n${sha}  ${release.archive}\n`);
  }
}

/**
 * How the mirror answers under each first path segment (the download base is
 * `http://127.0.0.1:<port>/<behaviour>`):
 * - `good`: the files as written;
 * - `tampered`: every archive with one byte changed (checksum files as written);
 * - `missing`: 404 for everything;
 * - `silent`: accepts the connection and never answers;
 * - `partial`: archives announced at full length, half sent, then the connection closed.
 */
export type MirrorBehaviour = 'good' | 'tampered' | 'missing' | 'silent' | 'partial';

export interface ReleaseMirror {
  base(behaviour: MirrorBehaviour): string;
  /** Paths requested so far, for asserting what was (not) fetched. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function serveMirror(root: string): Promise<ReleaseMirror> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://mirror');
    requests.push(url.pathname);
    const [, behaviour, ...rest] = url.pathname.split('/');
    void answer(response, behaviour as MirrorBehaviour, join(root, ...rest.map(decodeURIComponent)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: (behaviour) => `http://127.0.0.1:${port}/${behaviour}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(response: ServerResponse, behaviour: MirrorBehaviour, path: string): Promise<void> {
  if (behaviour === 'silent') return;
  const size = await stat(path).then(
    (found) => (found.isFile() ? found.size : undefined),
    () => undefined,
  );
  if (behaviour === 'missing' || size === undefined || path.includes('..')) {
    response.writeHead(404).end('Not Found');
    return;
  }
  const body = await readFile(path);
  const archive = path.endsWith('.tar.gz');
  if (archive && behaviour === 'tampered') body[body.length >> 1] = (body[body.length >> 1] ?? 0) ^ 0xff;
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
  if (archive && behaviour === 'partial') {
    response.write(body.subarray(0, size >> 1), () => response.socket?.destroy());
    return;
  }
  response.end(body);
}
