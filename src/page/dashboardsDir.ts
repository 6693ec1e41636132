import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One Perses DashboardResource file as the page lists it. */
export interface DashboardEntry {
  readonly name: string;
  readonly title: string;
  readonly file: string;
  readonly resource: unknown;
}

/** A file of the folder that is not a usable dashboard: said on the list page, never fatal. */
export interface DashboardProblem {
  readonly file: string;
  readonly problem: string;
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/i;

function describe(file: string, text: string): DashboardEntry | DashboardProblem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { file, problem: `not JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null) return { file, problem: 'not a JSON object' };
  const resource = parsed as { kind?: unknown; metadata?: { name?: unknown }; spec?: { display?: { name?: unknown } } };
  if (resource.kind !== 'Dashboard')
    return { file, problem: `kind is ${JSON.stringify(resource.kind)}, not "Dashboard"` };
  const name = resource.metadata?.name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    return { file, problem: 'metadata.name is missing or not a URL-safe name ([A-Za-z0-9_-])' };
  }
  if (typeof resource.spec !== 'object' || resource.spec === null) return { file, problem: 'spec is missing' };
  const title = typeof resource.spec.display?.name === 'string' ? resource.spec.display.name : name;
  return { name, title, file, resource: parsed };
}

/**
 * Every `*.json` of the folder, read afresh on each call (so `dashboards build` needs no
 * restart), sorted by file name. A missing folder reads as empty, with one problem saying so.
 */
export async function readDashboards(
  dir: string,
): Promise<{ dashboards: DashboardEntry[]; problems: DashboardProblem[] }> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      dashboards: [],
      problems: [{ file: dir, problem: code === 'ENOENT' ? 'folder not found' : String(error) }],
    };
  }
  const dashboards: DashboardEntry[] = [];
  const problems: DashboardProblem[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const described = describe(file, await readFile(join(dir, file), 'utf8'));
    if ('problem' in described) problems.push(described);
    else if (seen.has(described.name))
      problems.push({ file, problem: `metadata.name ${described.name} is used twice` });
    else {
      seen.add(described.name);
      dashboards.push(described);
    }
  }
  return { dashboards, problems };
}
