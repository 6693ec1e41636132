#!/usr/bin/env node
// Fills the generated blocks of README.md from the project's own commands, so that every
// query and figure there comes from a command in this repo (test/readme.test.ts checks it):
//   <!-- queries -->        `histogram-demo dashboards queries`
//   <!-- verify-output -->  docs/verify-output.txt, written by scripts/readme-figures.sh
//   <!-- thanos-figures --> docs/thanos-figures.txt, written by scripts/thanos-bench.mjs
// Usage: npm run build && node scripts/update-readme.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const readme = new URL('../README.md', import.meta.url);
const cli = new URL('../bin/histogram-demo.js', import.meta.url).pathname;

export function fillBlock(text, name, body) {
  const pattern = new RegExp(`(<!-- ${name} -->\\n)[\\s\\S]*?(<!-- /${name} -->)`);
  if (!pattern.test(text)) throw new Error(`README.md has no <!-- ${name} --> block`);
  return text.replace(pattern, (_, open, close) => `${open}${body}${close}`);
}

const fence = (lang, body) => `\`\`\`${lang}\n${body.trimEnd()}\n\`\`\`\n`;
let text = readFileSync(readme, 'utf8');
text = fillBlock(
  text,
  'queries',
  fence('promql', execFileSync(process.execPath, [cli, 'dashboards', 'queries'], { encoding: 'utf8' })),
);
text = fillBlock(
  text,
  'verify-output',
  fence('text', readFileSync(new URL('../docs/verify-output.txt', import.meta.url), 'utf8')),
);
text = fillBlock(
  text,
  'thanos-figures',
  fence('text', readFileSync(new URL('../docs/thanos-figures.txt', import.meta.url), 'utf8')),
);
writeFileSync(readme, text);
console.log('README.md blocks updated');
