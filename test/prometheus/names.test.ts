import { describe, expect, it } from 'vitest';
import { isLegacyMetricName, metricSelector, promqlString, regexLiteral } from '../../src/prometheus/names.js';
import { forRandomCases } from '../helpers/property.js';

describe('metric names', () => {
  it.each([
    ['http_request_duration_seconds', true],
    ['job:rate5m', true],
    ['_private', true],
    ['9lives', false],
    ['http.server.duration', false],
    ['', false],
  ])('%j is a legacy metric name: %s', (name, legacy) => {
    expect(isLegacyMetricName(name)).toBe(legacy);
  });
});

describe('metricSelector', () => {
  it('writes a legacy name bare, with its matchers in braces', () => {
    expect(metricSelector('m_bucket')).toBe('m_bucket');
    expect(metricSelector('m_bucket', ['', 'job="api"', 'le="1.0"'])).toBe('m_bucket{job="api",le="1.0"}');
  });

  it('quotes a UTF-8 name inside the braces, as Prometheus 3 reads it', () => {
    expect(metricSelector('http.server.duration_seconds_bucket')).toBe('{"http.server.duration_seconds_bucket"}');
    expect(metricSelector('a"b\\c', ['job="api"'])).toBe('{"a\\"b\\\\c",job="api"}');
  });
});

describe('promqlString', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(promqlString('say "hi"\\\n\u001b')).toBe('"say \\"hi\\"\\\\\\n\\u001b"');
  });
});

describe('regexLiteral', () => {
  /** Every RE2 metacharacter, the characters OTel and hand-written names hold, and a few beyond ASCII. */
  const ALPHABET = [...'\\.+*?()|[]{}^$-_:/"aZ09 ', 'é', 'ç', 'ß', '名', '\u202e', '😀'];
  const randomText = (random: { integer(min: number, max: number): number }) =>
    Array.from({ length: random.integer(0, 12) }, () => ALPHABET[random.integer(0, ALPHABET.length - 1)]).join('');

  it("escapes what Go's regexp.QuoteMeta escapes, and nothing else", () => {
    expect(regexLiteral('http.server.duration_seconds')).toBe('http\\.server\\.duration_seconds');
    expect(regexLiteral('a\\.+*?()|[]{}^$b')).toBe('a\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$b');
    expect(regexLiteral('latência-名_seconds')).toBe('latência-名_seconds');
  });

  it('makes a regex that matches the text itself and no other text, on many random texts', () => {
    // A second regex engine (JavaScript's, in Unicode mode) reads these escapes as RE2 does.
    forRandomCases(2000, (random) => {
      const text = randomText(random);
      const other = randomText(random);
      const regex = new RegExp(`^(?:${regexLiteral(text)})$`, 'u');
      expect(regex.test(text), JSON.stringify(text)).toBe(true);
      expect(regex.test(other), `${JSON.stringify(text)} against ${JSON.stringify(other)}`).toBe(text === other);
    });
  });
});
