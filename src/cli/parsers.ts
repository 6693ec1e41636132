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
