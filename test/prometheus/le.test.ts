import { describe, expect, it } from 'vitest';
import { byLe, formatLe, parseLe } from '../../src/prometheus/le.js';

describe('parseLe', () => {
  it('reads the +Inf bucket bound, which Number() does not', () => {
    expect(parseLe('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseLe('1e+06')).toBe(1_000_000);
    expect(['+Inf', '1e+06', '100000.0', '0.5'].sort(byLe)).toEqual(['0.5', '100000.0', '1e+06', '+Inf']);
  });

  it('reads an empty or malformed le as NaN, not as 0', () => {
    expect(parseLe('')).toBeNaN();
    expect(parseLe('one')).toBeNaN();
    expect(parseLe('inf')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('formatLe', () => {
  it('spells bucket bounds the way Prometheus 3 stores them', () => {
    const cases: [number, string][] = [
      [100_000, '100000.0'],
      [500_000, '500000.0'],
      [1_000_000, '1e+06'],
      [5_000_000, '5e+06'],
      [10_000_000, '1e+07'],
      [100_000_000, '1e+08'],
      [0.1, '0.1'],
      [0.25, '0.25'],
      [1, '1.0'],
      [2.5, '2.5'],
      [10, '10.0'],
      [0, '0.0'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1_500_000, '1.5e+06'],
      [Number.POSITIVE_INFINITY, '+Inf'],
    ];
    for (const [bound, stored] of cases) expect(formatLe(bound), String(bound)).toBe(stored);
  });

  it('never gives the seed’s le="5e+05", which matches nothing', () => {
    expect(formatLe(500_000)).not.toBe('5e+05');
  });
});
