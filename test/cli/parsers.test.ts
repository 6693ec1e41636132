import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { duration, layoutOrJsonFile, quantileList, repeatable } from '../../src/cli/parsers.js';

describe('advise flag parsers', () => {
  it('reads a list of quantiles strictly between 0 and 1', () => {
    expect(quantileList('--quantiles')('0.5, 0.9,0.999')).toEqual([0.5, 0.9, 0.999]);
    for (const bad of ['0', '1', '1.5', '-0.1', 'p99', '0.5,,0.9']) {
      expect(() => quantileList('--quantiles')(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('reads Prometheus-style durations in seconds', () => {
    expect(duration('--range')('90s')).toBe(90);
    expect(duration('--range')('30m')).toBe(1800);
    expect(duration('--range')('1h')).toBe(3600);
    expect(duration('--range')('7d')).toBe(604_800);
    expect(() => duration('--range')('1 hour')).toThrow(
      '--range must be a duration such as 30m, 1h or 7d, got "1 hour"',
    );
    expect(() => duration('--range')('0m')).toThrow(InvalidArgumentError);
  });

  it('collects a repeatable option in order', () => {
    const parse = repeatable(Number);
    expect(parse('3', parse('1', undefined))).toEqual([1, 3]);
  });

  it('takes a named layout or a .json path for run --buckets', () => {
    const parse = layoutOrJsonFile('--buckets', ['seed', 'fine']);
    expect(parse('fine')).toBe('fine');
    expect(parse('docs/advice.json')).toBe('docs/advice.json');
    expect(() => parse('coarse')).toThrow(
      '--buckets must be one of seed, fine or a .json file written by advise --out, got "coarse"',
    );
  });
});
