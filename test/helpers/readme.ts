import { readFile } from 'node:fs/promises';

/** README.md as the repository holds it. */
export const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');

/** The body of a generated block `<!-- name -->...<!-- /name -->`, without its code fence. */
export function readmeBlock(name: string): string {
  const match = new RegExp(`<!-- ${name} -->\\n([\\s\\S]*?)<!-- /${name} -->`).exec(readme);
  if (!match?.[1]) throw new Error(`README.md has no filled <!-- ${name} --> block`);
  return match[1].replace(/^```\w*\n/, '').replace(/```\n$/, '');
}
