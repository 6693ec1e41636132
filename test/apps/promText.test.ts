import { describe, expect, it } from 'vitest';
import { only, parsePrometheusText, select } from './promText.js';

describe('the test’s Prometheus text parser', () => {
  const text = [
    '# HELP demo_seconds A histogram',
    '# TYPE demo_seconds histogram',
    'demo_seconds_bucket{le="0.5",file_type="small"} 3',
    'demo_seconds_bucket{le="+Inf",file_type="small"} 4',
    'demo_seconds_sum{file_type="small"} 1.2345678901234567',
    'demo_seconds_count{file_type="small"} 4',
    'odd{path="a \\"quoted\\" \\\\ value",x="1"} +Inf',
    'bare_total 12 1700000000000',
    '',
  ].join('\n');

  it('reads names, labels (escapes included) and values, skipping comments', () => {
    const samples = parsePrometheusText(text);
    expect(samples).toHaveLength(6);
    expect(select(samples, 'demo_seconds_bucket').map((sample) => sample.labels.le)).toEqual(['0.5', '+Inf']);
    expect(only(samples, 'demo_seconds_sum', { file_type: 'small' })).toBe(1.2345678901234567);
    expect(only(samples, 'odd')).toBe(Number.POSITIVE_INFINITY);
    expect(select(samples, 'odd')[0]?.labels).toEqual({ path: 'a "quoted" \\ value', x: '1' });
    expect(only(samples, 'bare_total')).toBe(12);
  });

  it('rejects what is not a sample line', () => {
    expect(() => parsePrometheusText('not a sample')).toThrow('not a sample line');
    expect(() => parsePrometheusText('x abc')).toThrow('not a sample value');
    expect(() => parsePrometheusText('x{le=0.5} 1')).toThrow('bad labels');
    expect(() => only(parsePrometheusText(text), 'demo_seconds_bucket')).toThrow('found 2');
  });
});
