/**
 * The flags `stack up` and `start` share: the port table's flags, the state folder and the configs;
 * and bringing the stack up from them, with every refusal worded for the flag to change.
 */
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { PORT_TABLE, type PortKey, type StackPorts } from '../config/ports.js';
import { RunningStackDiffersError } from '../errors/RunningStackDiffersError.js';
import { UsageError } from '../errors/UsageError.js';
import { DockerAppPortError } from '../stack/DockerAppPortError.js';
import { DockerUnavailableError } from '../stack/DockerUnavailableError.js';
import type { StackConfigs, UpRequest } from '../stack/NativeStack.js';
import { CONFIG_FILES, defaultStateDir } from '../stack/paths.js';
import { checkDockerPorts, type StackMode, type StackUpResult, stackUp } from '../stack/up.js';
import { port } from './parsers.js';
import { checkInputFile, prepareOutputFolder } from './pathFlags.js';

type Camel<Text extends string> = Text extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : Text;
/** The property commander gives a flag's value: `--otlp-grpc-port` is `otlpGrpcPort`. */
type Attribute<Flag extends string> = Flag extends `--${infer Name}` ? Camel<Name> : never;

/** The port flags' values as commander hands them over, one per row of the port table. */
export type PortFlagValues = { [Row in (typeof PORT_TABLE)[number] as Attribute<Row['flag']>]: number };

export type StackPortOptions = PortFlagValues & {
  stateDir: string;
  collectorConfig: string;
  prometheusConfig: string;
  thanos?: boolean;
  thanosHashring: string;
  buildFromSource?: boolean;
  /** False with --no-dashboards. */
  dashboards: boolean;
};

/** The flags shared by `stack up` and `start`: one per port of the table, then the state folder and configs. */
export function addStackOptions(command: Command): Command {
  command.option('--state-dir <dir>', 'pids, logs, derived configs and the Prometheus TSDB', defaultStateDir());
  for (const row of PORT_TABLE) {
    command.addOption(new Option(`${row.flag} <n>`, row.description).argParser(port(row.flag)).default(row.default));
  }
  return command
    .option('--no-dashboards', 'do not serve the dashboards page (natively)')
    .option('--collector-config <file>', "collector config to run instead of the repo's", CONFIG_FILES.collector)
    .option('--prometheus-config <file>', "Prometheus config to run instead of the repo's", CONFIG_FILES.prometheus)
    .option('--thanos', 'also run a Thanos cluster (3 receivers, 1 query) that Prometheus remote-writes to')
    .option('--thanos-hashring <file>', "Thanos hashring to run instead of the repo's", CONFIG_FILES.thanosHashring)
    .option(
      '--build-from-source',
      'build the collector, Prometheus and Thanos from the Go module proxy instead of downloading the official release archives',
    );
}

/** The flag of each config file. */
const CONFIG_FLAGS: Readonly<Record<keyof StackConfigs, string>> = {
  collector: '--collector-config',
  prometheus: '--prometheus-config',
  hashring: '--thanos-hashring',
};

/** The ports and configs given on the command line (not left at their defaults): a running stack checks them. */
export function explicitSettings(command: Command): NonNullable<UpRequest['explicit']> {
  const given = (flag: string) => command.getOptionValueSource(new Option(flag).attributeName()) === 'cli';
  return {
    ports: new Set(PORT_TABLE.filter((row) => given(row.flag)).map((row) => row.key)),
    configs: new Set((Object.keys(CONFIG_FLAGS) as (keyof StackConfigs)[]).filter((key) => given(CONFIG_FLAGS[key]))),
  };
}

/** A running stack's refusal, worded for the flag to change. */
function differsUsage(error: RunningStackDiffersError): UsageError {
  const { setting, requested, running, stateDir } = error;
  const stop = `stack down --state-dir ${stateDir}`;
  if ('configContent' in setting) {
    const flag = CONFIG_FLAGS[setting.configContent as keyof StackConfigs];
    return new UsageError(
      `${flag} ${requested}: its content differs from ${running}, which the running stack in ${stateDir} reads; to apply it, stop that stack first (${stop}), then run stack up again`,
      { cause: error },
    );
  }
  const flag =
    'port' in setting
      ? PORT_TABLE.find((row) => row.key === (setting.port as PortKey))?.flag
      : CONFIG_FLAGS[setting.config as keyof StackConfigs];
  return new UsageError(
    `${flag} ${requested}: the stack in ${stateDir} runs with ${running}; drop ${flag}, or stop that stack first (${stop})`,
    { cause: error },
  );
}

/** The ports the flags ask for, by the table's keys. */
export function portsFrom(options: PortFlagValues): StackPorts {
  const values: Readonly<Record<string, number>> = options;
  return Object.fromEntries(
    PORT_TABLE.map((row) => [row.key, values[new Option(row.flag).attributeName()] ?? row.default]),
  ) as StackPorts;
}

/** Refuses what Docker mode cannot honour, naming the flag. */
export function checkDockerOptions(options: StackPortOptions): void {
  try {
    checkDockerPorts(portsFrom(options));
  } catch (error) {
    if (!(error instanceof DockerAppPortError)) throw error;
    throw new UsageError(
      `--app-port ${error.port}: with Docker, Prometheus scrapes the direct app on port ${error.scrapedPort} ` +
        `(configs/prometheus/prometheus.yml); drop --app-port, or add --native`,
      { cause: error },
    );
  }
}

/** Checks the flags, then brings the stack up (src/stack/up.ts). */
export async function stackUpFromFlags(
  options: StackPortOptions & { mode: StackMode },
  log: (line: string) => void,
  explicit?: UpRequest['explicit'],
): Promise<StackUpResult> {
  const configs = {
    collector: resolve(options.collectorConfig),
    prometheus: resolve(options.prometheusConfig),
    hashring: resolve(options.thanosHashring),
  };
  if (options.mode === 'docker') checkDockerOptions(options);
  await checkInputFile('--collector-config', options.collectorConfig);
  await checkInputFile('--prometheus-config', options.prometheusConfig);
  if (options.mode !== 'docker') await prepareOutputFolder('--state-dir', options.stateDir);
  try {
    return await stackUp({
      mode: options.mode,
      stateDir: options.stateDir,
      ports: portsFrom(options),
      configs,
      thanos: options.thanos === true,
      dashboards: options.dashboards !== false,
      binaries: { fromSource: options.buildFromSource === true },
      ...(explicit ? { explicit } : {}),
      log,
    });
  } catch (error) {
    if (error instanceof DockerUnavailableError) {
      throw new UsageError(`--docker: ${error.message}; drop --docker to run natively`, { cause: error });
    }
    if (error instanceof DockerAppPortError) checkDockerOptions(options);
    if (error instanceof RunningStackDiffersError) throw differsUsage(error);
    throw error;
  }
}

/** The README's table of the port flags, from the port table: flag, default, what listens there. */
export function portFlagsMarkdown(): string {
  const rows = PORT_TABLE.map((row) => `| \`${row.flag}\` | ${row.default} | ${row.description} |`);
  return ['| Flag | Default | What listens there |', '|---|---|---|', ...rows, ''].join('\n');
}
