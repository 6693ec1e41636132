import type { StackPorts } from '../config/ports.js';
import { StackStateError } from '../errors/StackStateError.js';
import type { Component } from './components.js';

/** The config files a stack runs; the repo's by default, any copy for testing a change. */
export interface StackConfigs {
  readonly collector: string;
  readonly prometheus: string;
  /** The Thanos hashring (`stack up --thanos`). */
  readonly hashring: string;
}

/**
 * One process a stack started. `startTime` (clock ticks after boot, /proc/PID/stat field 22)
 * tells it from a later process that reused the pid.
 */
export interface ProcessEntry {
  readonly pid: number;
  readonly executable: string;
  readonly startTime: number;
}

/** What `up` wrote into the state folder: `down`, `status`, `health` and `logs` read it back. */
export interface StackState {
  readonly ports: StackPorts;
  readonly configs: StackConfigs;
  /** True when the stack runs the Thanos cluster (`stack up --thanos`). */
  readonly thanos?: boolean;
  readonly processes: Partial<Record<Component, ProcessEntry>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Ports every state records (others may come and go with the port table). */
const PORT_KEYS = ['otlpHttp', 'prometheus', 'collectorHealth'];

const isPort = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;

/** Why the value is not a StackState, or undefined when it is one. */
function whatIsWrong(value: unknown, components: readonly string[]): string | undefined {
  if (!isRecord(value)) return 'not a JSON object';
  const { ports, configs, thanos, processes } = value;
  if (!isRecord(ports)) return '"ports" is not an object';
  for (const key of new Set([...PORT_KEYS, ...Object.keys(ports)])) {
    if (!isPort(ports[key])) return `"ports.${key}" is not a port`;
  }
  if (!isRecord(configs)) return '"configs" is not an object';
  for (const key of ['collector', 'prometheus', 'hashring']) {
    if (typeof configs[key] !== 'string' || configs[key] === '') return `"configs.${key}" is not a path`;
  }
  if (thanos !== undefined && typeof thanos !== 'boolean') return '"thanos" is not true or false';
  if (!isRecord(processes)) return '"processes" is not an object';
  for (const [component, entry] of Object.entries(processes)) {
    if (!components.includes(component)) return `"processes" names "${component}", not a component`;
    if (!isRecord(entry)) return `"processes.${component}" is not an object`;
    if (!Number.isInteger(entry.pid) || (entry.pid as number) < 1) return `"processes.${component}.pid" is not a pid`;
    if (typeof entry.executable !== 'string' || entry.executable === '') {
      return `"processes.${component}.executable" is not a path`;
    }
    if (!Number.isInteger(entry.startTime) || (entry.startTime as number) < 0) {
      return `"processes.${component}.startTime" is not a start time`;
    }
  }
  return undefined;
}

/**
 * Reads stack.json's text; refuses anything `up` did not write, naming what is wrong, so that a
 * damaged file never makes running processes look stopped (and orphaned by `down`).
 */
export function parseStackState(
  text: string,
  where: { stateDir: string; statePath: string },
  components: readonly string[],
): StackState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StackStateError(where.stateDir, where.statePath, 'not JSON', { cause: error });
  }
  const wrong = whatIsWrong(value, components);
  if (wrong !== undefined) throw new StackStateError(where.stateDir, where.statePath, wrong);
  return value as StackState;
}

/**
 * The processes of a stack.json that an earlier version wrote (every entry without a start time,
 * the rest as `up` writes it), or undefined when the text is no such state.
 */
export function earlierVersionProcesses(
  text: string,
  components: readonly string[],
): { readonly pid: number; readonly executable: string }[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !isRecord(value.processes)) return undefined;
  const entries = Object.values(value.processes);
  if (entries.some((entry) => !isRecord(entry) || 'startTime' in entry)) return undefined;
  const withStartTimes = Object.fromEntries(
    Object.entries(value.processes).map(([component, entry]) => [component, { ...(entry as object), startTime: 0 }]),
  );
  if (whatIsWrong({ ...value, processes: withStartTimes }, components) !== undefined) return undefined;
  return entries as { pid: number; executable: string }[];
}
