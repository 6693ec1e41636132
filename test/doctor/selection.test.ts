import { describe, expect, it } from 'vitest';
import { MatchSelectorError } from '../../src/doctor/MatchSelectorError.js';
import { parseSelection } from '../../src/doctor/selection.js';
import {
  classicSeriesSelector,
  classicStandardQuantile,
  nativeFamiliesQuery,
  nativeSeriesSelector,
  nativeStandardQuantile,
} from '../../src/promql/doctor.js';

describe('--match', () => {
  it('takes a family by any of its stored names and keeps the other matchers for the queries', () => {
    const selection = parseSelection('http_request_duration_seconds_bucket{job="api", le!="x,y"}');
    expect(selection.matchers).toBe('job="api",le!="x,y"');
    expect(selection.includes('http_request_duration_seconds')).toBe(true);
    expect(selection.includes('other_seconds')).toBe(false);
  });

  it('reads a UTF-8 name and label quoted inside the braces, as Prometheus 3 writes them', () => {
    const selection = parseSelection('{"http.server.request.duration_seconds", "http.request.method"="GET"}');
    expect(selection.matchers).toBe('"http.request.method"="GET"');
    expect(selection.includes('http.server.request.duration_seconds')).toBe(true);
    expect(selection.includes('http_server_request_duration_seconds')).toBe(false);
    expect(parseSelection('{"say\\"hi\\"_seconds_bucket"}').includes('say"hi"_seconds')).toBe(true);
    expect(() => parseSelection('a_seconds{"b_seconds"}')).toThrow('two metric names: "a_seconds" and "b_seconds"');
    expect(() => parseSelection('{"a.b", "c.d"}')).toThrow('two metric names: "a.b" and "c.d"');
    expect(() => parseSelection('http.server.duration')).toThrow(
      '"http.server.duration" is not a metric name outside braces; quote it inside them, as Prometheus 3 does: {"http.server.duration"}',
    );
  });

  it('applies __name__ matchers to family names, negative ones to every stored name', () => {
    expect(parseSelection('{__name__=~"prometheus_.*"}').includes('prometheus_http_request_duration_seconds')).toBe(
      true,
    );
    const excluding = parseSelection('{__name__!~"go_.*", job="x"}');
    expect(excluding.includes('go_gc_duration_seconds')).toBe(false);
    expect(excluding.includes('api_seconds')).toBe(true);
  });

  it.each([
    // RE2 spellings Prometheus accepts and JavaScript does not, each with a name it matches and one it does not.
    ['(?P<x>api)_seconds', 'api_seconds', 'web_seconds'],
    ['(?i)API_seconds', 'api_seconds', 'api_bytes'],
    ['[[:alpha:]]+_seconds', 'api_seconds', 'api2_seconds'],
    ['\\Qa.b\\E.*', 'a.b_seconds', 'axb_seconds'],
  ])('reads the RE2 pattern %s as Prometheus does', (pattern, matching, other) => {
    const selection = parseSelection(`{__name__=~${JSON.stringify(pattern)}}`);
    expect(selection.includes(matching)).toBe(true);
    expect(selection.includes(other)).toBe(false);
  });

  it.each(['{job=api}', 'a b', '{job="x}', '{}x', '{__name__=~"("}'])('rejects %s by name', (bad) => {
    expect(() => parseSelection(bad)).toThrow(MatchSelectorError);
  });
});

describe("doctor's PromQL", () => {
  it('reads a batch of classic families in one selector', () => {
    expect(classicSeriesSelector(['a', 'b_seconds'], 'job="x"')).toBe(
      '{__name__=~"(?:a|b_seconds)_(?:bucket|count|sum)",job="x"}',
    );
  });

  it('escapes dotted, parenthesised and quoted names for RE2 and quotes the regex as a PromQL string', () => {
    // Worked by hand: `.`, `(` and `)` take a backslash in the regex, and every backslash is doubled in the string.
    expect(classicSeriesSelector(['http.server.duration_seconds', 'queue(wait)_seconds'])).toBe(
      '{__name__=~"(?:http\\\\.server\\\\.duration_seconds|queue\\\\(wait\\\\)_seconds)_(?:bucket|count|sum)"}',
    );
    expect(nativeSeriesSelector(['latência_"x"_seconds'], 'job="x"')).toBe(
      '{__name__=~"(?:latência_\\"x\\"_seconds)",job="x"}',
    );
  });

  it('finds native families in one aggregate that keeps the name as a label', () => {
    expect(nativeFamiliesQuery()).toBe(
      'count by (__doctor_family__) (histogram_count(label_replace({__name__=~".+",__name__!~".+_(?:bucket|count|sum)"}, "__doctor_family__", "$1", "__name__", "(.+)")))',
    );
  });

  it("asks each family's p99 as a dashboard would, classic by le and native without", () => {
    expect(classicStandardQuantile('x_seconds', 'job="a"')).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(x_seconds_bucket{job="a"}[5m])))',
    );
    expect(nativeStandardQuantile('x_seconds')).toBe('histogram_quantile(0.99, sum (rate(x_seconds[5m])))');
  });
});
