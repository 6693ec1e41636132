import { readdir, readFile } from 'node:fs/promises';

const root = new URL('../../', import.meta.url);

/** README.md as the repository holds it. */
export const readme = await readFile(new URL('README.md', root), 'utf8');

/** Every page that may hold generated blocks: README.md and each docs/*.md, by path from the root. */
export const pages: ReadonlyMap<string, string> = new Map([
  ['README.md', readme],
  ...(await Promise.all(
    (
      await readdir(new URL('docs/', root))
    )
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map(
        async (name): Promise<[string, string]> => [
          `docs/${name}`,
          await readFile(new URL(`docs/${name}`, root), 'utf8'),
        ],
      ),
  )),
]);

/** The names of the generated blocks `<!-- name -->` of one page, in order. */
export function blockNames(text: string): string[] {
  return [...text.matchAll(/^<!-- ([a-z][\w-]*) -->$/gm)].map((match) => match[1] as string);
}

/**
 * The body of the generated block `<!-- name -->...<!-- /name -->`, without its code fence, from
 * whichever page (README.md or docs/*.md) holds it.
 */
export function readmeBlock(name: string): string {
  const pattern = new RegExp(`<!-- ${name} -->\\n([\\s\\S]*?)<!-- /${name} -->`);
  const bodies = [...pages.values()].map((text) => pattern.exec(text)?.[1]).filter((body) => body !== undefined);
  if (bodies.length !== 1 || !bodies[0])
    throw new Error(`expected one filled <!-- ${name} --> block in README.md and docs/*.md, found ${bodies.length}`);
  return bodies[0].replace(/^```\w*\n/, '').replace(/```\n$/, '');
}
