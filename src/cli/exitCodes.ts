/**
 * What each command's exit code means: one table, printed in the README (generated, checked by
 * test/readme.test.ts) and held against every case of the bad-input test.
 * 0 is success; 1 a failure the command found or met (a disagreement, a finding, a service down,
 * a port in use, a damaged state); 2 a command line to change (a bad flag, value or input file).
 */
export interface ExitCodes {
  readonly 0: string;
  readonly 1?: string;
  readonly 2: string;
}

const USAGE = 'a bad flag or value, or an input file it cannot use';

export const EXIT_CODES: Readonly<Record<string, ExitCodes>> = {
  run: { 0: 'recorded (and flushed)', 1: 'a port in use, an export that failed', 2: USAGE },
  'stack up': {
    0: 'every component healthy',
    1: 'a port in use, a config its program refuses, a component that did not start, a damaged state folder',
    2: `${USAGE}; another port or config than the running stack's`,
  },
  'stack down': { 0: 'stopped what this state folder started (or nothing ran)', 1: 'a damaged state folder', 2: USAGE },
  'stack stop': { 0: 'stopped, or not running', 1: 'a damaged state folder', 2: USAGE },
  'stack status': {
    0: 'every component healthy',
    1: 'a component stopped or unhealthy, a damaged state folder',
    2: USAGE,
  },
  'stack logs': { 0: 'printed', 2: USAGE },
  start: { 0: 'the stack up and the apps done', 1: 'as stack up and run', 2: USAGE },
  verify: {
    0: 'the pipelines agree (with each other and the truth)',
    1: 'a disagreement, a required pipeline missing, Prometheus unreachable or not a Prometheus API',
    2: `${USAGE} (a truth file included)`,
  },
  doctor: {
    0: 'no finding at --fail-on or worse',
    1: 'a finding at --fail-on or worse, Prometheus unreachable or not a Prometheus API',
    2: USAGE,
  },
  advise: {
    0: 'boundaries advised',
    1: 'data it cannot advise on (negative values, all zero, no data), Prometheus unreachable',
    2: `${USAGE} (a truth file included)`,
  },
  'dashboards build': { 0: 'written', 2: USAGE },
  'dashboards import': { 0: 'imported', 1: 'Grafana unreachable or refusing', 2: USAGE },
  'dashboards queries': { 0: 'printed', 2: USAGE },
  'dashboards serve': { 0: 'stopped by a signal', 1: 'a port in use, the page not built', 2: USAGE },
  health: { 0: 'every component up', 1: 'a component down or pending, a damaged state folder', 2: USAGE },
  clean: { 0: 'stopped and removed', 1: 'a damaged state folder', 2: USAGE },
};

/** The table as Markdown, for the README. */
export function formatExitCodes(): string {
  const cell = (text: string | undefined) => (text ?? '-').replaceAll('|', '\\|');
  return [
    '| Command | 0 | 1 | 2 |',
    '|---|---|---|---|',
    ...Object.entries(EXIT_CODES).map(
      ([command, codes]) => `| \`${command}\` | ${cell(codes[0])} | ${cell(codes[1])} | ${cell(codes[2])} |`,
    ),
  ].join('\n');
}
