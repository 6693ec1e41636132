#!/usr/bin/env node
// Records what `npm pack` makes of the package in docs/package-size.json, for the README's
// package-size block (node scripts/update-readme.mjs); test/package.e2e.test.ts checks that the
// recorded size is still that of a fresh tarball. Usage: npm run build && node scripts/package-size.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
);
const record = {
  version: pack.version,
  size: pack.size,
  unpackedSize: pack.unpackedSize,
  entryCount: pack.entryCount,
  measuredAt: new Date().toISOString(),
};
writeFileSync(new URL('docs/package-size.json', root), `${JSON.stringify(record, null, 2)}\n`);
console.log(`npm pack: ${record.size} bytes packed, ${record.unpackedSize} unpacked, ${record.entryCount} files`);
