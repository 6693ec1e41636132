import { InvalidArgumentError } from 'commander';

/** Commander argument parsers: each rejects the bad value by name, in one line. */

export function positiveNumber(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidArgumentError(`${flag} must be a positive number, got "${raw}"`);
    }
    return value;
  };
}

export function nonNegativeInteger(flag: string, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value > max) {
      throw new InvalidArgumentError(`${flag} must be an integer from 0 to ${max}, got "${raw}"`);
    }
    return value;
  };
}

export function positiveInteger(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < 1 || !Number.isSafeInteger(value)) {
      throw new InvalidArgumentError(`${flag} must be a positive integer, got "${raw}"`);
    }
    return value;
  };
}

export function port(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < 1 || value > 65535) {
      throw new InvalidArgumentError(`${flag} must be a port from 1 to 65535, got "${raw}"`);
    }
    return value;
  };
}

export function oneOf<T extends string>(flag: string, choices: readonly T[]) {
  return (raw: string): T => {
    if (!(choices as readonly string[]).includes(raw)) {
      throw new InvalidArgumentError(`${flag} must be one of ${choices.join(', ')}, got "${raw}"`);
    }
    return raw as T;
  };
}

/** A comma-separated list of quantiles, each strictly between 0 and 1: `0.5,0.9,0.99`. */
export function quantileList(flag: string) {
  return (raw: string): number[] => {
    const values = raw.split(',').map((part) => part.trim());
    return values.map((part) => {
      const value = Number(part);
      if (part === '' || !(value > 0 && value < 1)) {
        throw new InvalidArgumentError(`${flag} takes quantiles between 0 and 1 (exclusive), got "${part}"`);
      }
      return value;
    });
  };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** A Prometheus-style duration (`90s`, `30m`, `1h`, `7d`), in seconds. */
export function duration(flag: string) {
  return (raw: string): number => {
    const match = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(raw.trim());
    const seconds = match ? Number(match[1]) * (DURATION_UNITS[match[2] as string] as number) : Number.NaN;
    if (!(seconds > 0))
      throw new InvalidArgumentError(`${flag} must be a duration such as 30m, 1h or 7d, got "${raw}"`);
    return seconds;
  };
}

/** A repeatable option: each use adds its parsed value to the list. */
export function repeatable<T>(parse: (raw: string) => T) {
  return (raw: string, previous: T[] | undefined): T[] => [...(previous ?? []), parse(raw)];
}

/** One of the named choices, or the path of a `.json` file (read later, when the command runs). */
export function layoutOrJsonFile<T extends string>(flag: string, choices: readonly T[]) {
  return (raw: string): string => {
    if (!(choices as readonly string[]).includes(raw) && !raw.endsWith('.json')) {
      throw new InvalidArgumentError(
        `${flag} must be one of ${choices.join(', ')} or a .json file written by advise --out, got "${raw}"`,
      );
    }
    return raw;
  };
}
