import { readFile } from 'node:fs/promises';
import { type Document, isMap, isSeq, parseDocument } from 'yaml';
import { DEFAULT_HOST } from '../config/defaults.js';
import { PORT_TABLE, type StackPorts } from '../config/ports.js';
import { StackError } from '../errors/StackError.js';
import { exec, lastLines } from './exec.js';
import { CONFIG_FILES } from './paths.js';

/** The environment that points the shared collector config at the native stack's ports. */
export function collectorEnv(ports: StackPorts): Record<string, string> {
  return Object.fromEntries(
    PORT_TABLE.flatMap((row) =>
      'collectorVariable' in row ? [[row.collectorVariable, `${DEFAULT_HOST}:${ports[row.key]}`]] : [],
    ),
  );
}

/** Native scrape targets by job name of configs/prometheus/prometheus.yml. */
export function nativeTargets(ports: StackPorts): Record<string, string> {
  return Object.fromEntries(
    PORT_TABLE.flatMap((row) => ('scrapeJob' in row ? [[row.scrapeJob, `${DEFAULT_HOST}:${ports[row.key]}`]] : [])),
  );
}

/**
 * The shared prometheus.yml with only the jobs' targets replaced by loopback addresses;
 * comments and every other setting are kept.
 * @param remoteWriteUrl with Thanos: the `thanos` remote_write entry is kept and pointed here;
 *   without, it is removed (nothing to write to).
 */
export async function nativePrometheusConfig(
  ports: StackPorts,
  source: string = CONFIG_FILES.prometheus,
  remoteWriteUrl?: string,
): Promise<string> {
  const document = parseDocument(await readFile(source, 'utf8'));
  const [syntaxError] = document.errors;
  if (syntaxError) throw new StackError('prometheus', `invalid config ${source}: ${syntaxError.message}`);
  const targets = nativeTargets(ports);
  const jobs = document.get('scrape_configs');
  if (!isSeq(jobs)) throw new StackError('prometheus', `${source}: scrape_configs is not a list`);
  const seen = new Set<string>();
  for (const job of jobs.items) {
    if (!isMap(job)) continue;
    const name = String(job.get('job_name'));
    const target = targets[name];
    if (target === undefined) continue;
    document.setIn(['scrape_configs', jobs.items.indexOf(job), 'static_configs'], [{ targets: [target] }]);
    seen.add(name);
  }
  for (const name of Object.keys(targets)) {
    if (!seen.has(name)) throw new StackError('prometheus', `${source}: no scrape job named "${name}"`);
  }
  setRemoteWrite(document, source, remoteWriteUrl);
  return document.toString();
}

/** The name of the remote_write entry that feeds the Thanos cluster in configs/prometheus/prometheus.yml. */
export const THANOS_REMOTE_WRITE = 'thanos';

function setRemoteWrite(document: Document, source: string, url: string | undefined): void {
  const writers = document.get('remote_write');
  const index = isSeq(writers)
    ? writers.items.findIndex((entry) => isMap(entry) && entry.get('name') === THANOS_REMOTE_WRITE)
    : -1;
  if (url === undefined) {
    if (index >= 0) document.deleteIn(['remote_write', index]);
    if (isSeq(writers) && writers.items.length === 0) document.delete('remote_write');
    return;
  }
  if (index < 0) throw new StackError('prometheus', `${source}: no remote_write entry named "${THANOS_REMOTE_WRITE}"`);
  document.setIn(['remote_write', index, 'url'], url);
}

/** A validator's message as one line: the CLI prints errors one line each. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

/** `otelcol validate`: refuses a broken collector config with the collector's own message. */
export async function validateCollectorConfig(otelcol: string, ports: StackPorts, configPath = CONFIG_FILES.collector) {
  const result = await exec('collector', otelcol, ['validate', `--config=${configPath}`], { env: collectorEnv(ports) });
  if (result.code !== 0) {
    throw new StackError('collector', `invalid config ${configPath}: ${oneLine(lastLines(result.output, 5))}`);
  }
}

/** `promtool check config`: refuses a broken Prometheus config with promtool's message. */
export async function validatePrometheusConfig(promtool: string, configPath: string, sourcePath = configPath) {
  const result = await exec('prometheus', promtool, ['check', 'config', configPath]);
  if (result.code !== 0) {
    // promtool's own words, minus its "Checking <file>" preamble, on one line.
    const message = oneLine(lastLines(result.output, 5).replace(/^Checking .*$/m, '')).replaceAll(
      configPath,
      sourcePath,
    );
    throw new StackError('prometheus', `invalid config ${sourcePath}: ${message}`);
  }
}
