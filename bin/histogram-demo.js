#!/usr/bin/env node
// The published package ships dist/. In a clone of the repo, dist/ is compiled on first use
// (`npm run build` recompiles after a change): no install script, which npm flags in a package.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
const tsconfig = fileURLToPath(new URL('../tsconfig.build.json', import.meta.url));
if (!existsSync(main) && existsSync(tsconfig)) {
  process.stderr.write('Compiling the CLI (first run of this clone; npm run build after a change)...\n');
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const build = spawnSync(process.execPath, [tsc, '-p', tsconfig], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(main.href);
