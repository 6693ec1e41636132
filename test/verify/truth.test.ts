import { describe, expect, it } from 'vitest';
import { TruthFileError } from '../../src/verify/TruthFileError.js';
import { parseTruth, seedTruth } from '../../src/verify/truth.js';

const CSV = 'route,latency,size\n/a,0.5,10\n/b,1.5,\n/a,2.5,30\n';

describe('a truth file', () => {
  it('takes the mapped columns as values and every other column as a label', () => {
    const truth = parseTruth(CSV, 't.csv', ['latency', 'size']);
    expect(truth.labelColumns).toEqual(['route']);
    expect(truth.first('latency', 2)).toEqual([
      { labels: { route: '/a' }, values: { latency: 0.5, size: 10 } },
      { labels: { route: '/b' }, values: { latency: 1.5 } },
    ]);
  });

  it('gives the first observations of a column in recording order, skipping rows without it', () => {
    const truth = parseTruth(CSV, 't.csv', ['latency', 'size']);
    expect(truth.first('size', 5).map((row) => row.values.size)).toEqual([10, 30]);
    expect(truth.first('latency', 0)).toEqual([]);
  });

  it.each([
    ['a missing column', 'route,latency\n/a,1\n', ['size'], 'line 1: no column "size" (columns: route, latency)'],
    [
      'a non-numeric value',
      'route,latency\n/a,fast\n',
      ['latency'],
      'line 2: column "latency" holds "fast", not a number',
    ],
    ['a short line', 'route,latency\n/a\n', ['latency'], 'line 2: 1 fields where the header has 2: "/a"'],
    ['no observations', 'route,latency\n', ['latency'], 'line 2: no observations after the header'],
    ['an empty file', '', ['latency'], 'line 1: expected a header of column names on the first line'],
    [
      'a label column that is no label name (it would go into PromQL)',
      'route) or vector(1,latency\n/a,1\n',
      ['latency'],
      'line 1: column "route) or vector(1" is a label column, but not a label name (letters, digits and _, not starting with a digit or __)',
    ],
    [
      "a label column named like Prometheus' reserved labels",
      '__name__,latency\n/a,1\n',
      ['latency'],
      'line 1: column "__name__" is a label column, but not a label name (letters, digits and _, not starting with a digit or __)',
    ],
  ])('refuses %s, naming the file and line', (_, text, columns, message) => {
    expect(() => parseTruth(text, 't.csv', columns)).toThrow(TruthFileError);
    expect(() => parseTruth(text, 't.csv', columns)).toThrow(`t.csv: ${message}`);
  });
});

describe('the seeded stream as a truth', () => {
  it('has the demo columns, and nothing for a column it does not have (instead of searching for ever)', () => {
    const truth = seedTruth(42);
    expect(truth.labelColumns).toEqual(['file_type']);
    const [first] = truth.first('bytes', 1);
    expect(Object.keys(first?.values ?? {})).toEqual(['bytes', 'seconds']);
    expect(truth.first('latency', 3)).toEqual([]);
  });
});
