/**
 * A small parser for the Prometheus text exposition format (version 0.0.4), enough to read
 * what prom-client serves: `name{label="value",...} number` samples, comments skipped.
 */
export interface ExpositionSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/y;

function parseValue(raw: string): number {
  if (raw === '+Inf') return Number.POSITIVE_INFINITY;
  if (raw === '-Inf') return Number.NEGATIVE_INFINITY;
  if (raw === 'NaN') return Number.NaN;
  const value = Number(raw);
  if (raw.trim() === '' || Number.isNaN(value)) throw new Error(`not a sample value: "${raw}"`);
  return value;
}

function parseLabels(raw: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < raw.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(raw);
    if (!match || match.index !== start) throw new Error(`bad labels in line: ${line}`);
    const [, key, escaped] = match;
    labels[key as string] = (escaped as string).replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
  }
  return labels;
}

export function parsePrometheusText(text: string): ExpositionSample[] {
  const samples: ExpositionSample[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const [, name, labels, value] = match;
    samples.push({ name: name as string, labels: parseLabels(labels ?? '', line), value: parseValue(value as string) });
  }
  return samples;
}

/** Samples of one series name whose labels include all the given ones. */
export function select(
  samples: readonly ExpositionSample[],
  name: string,
  labels: Record<string, string> = {},
): ExpositionSample[] {
  return samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The single sample of a series; throws when there is none or more than one. */
export function only(samples: readonly ExpositionSample[], name: string, labels: Record<string, string> = {}): number {
  const found = select(samples, name, labels);
  if (found.length !== 1) throw new Error(`expected one ${name}${JSON.stringify(labels)}, found ${found.length}`);
  return (found[0] as ExpositionSample).value;
}
