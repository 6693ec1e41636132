/**
 * Which families doctor audits: a series selector as Prometheus' match[] takes it. The metric name
 * (or `__name__` matchers) picks families by their stored name, `_bucket`, `_count` and `_sum` included;
 * the other matchers go into every query.
 */
import { isLegacyMetricName } from '../prometheus/names.js';
import { parseLabelMatcher, parseQuotedMetricName, splitMatchers, splitSelector } from '../prometheus/selectors.js';
import { MatchSelectorError } from './MatchSelectorError.js';

export interface Selection {
  /** Label matchers for every query, without braces: `job="api",env!="dev"`. */
  readonly matchers: string;
  /** Whether a family (its stored name without `_bucket`) is audited. */
  readonly includes: (family: string) => boolean;
}

export const EVERY_FAMILY: Selection = { matchers: '', includes: () => true };

/** POSIX classes RE2 accepts inside brackets, as JavaScript ranges. */
const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  digit: '0-9',
  lower: 'a-z',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Prometheus matches with RE2; doctor filters family names here, in JavaScript. The RE2 spellings
 * JavaScript lacks are rewritten: `(?P<name>` groups, leading `(?i)`/`(?s)` flags, `[[:alpha:]]`
 * classes, `\z`, `\Q...\E` literals. Anything else that JavaScript refuses is named in the error.
 */
export function re2ToJavaScript(pattern: string): RegExp {
  let flags = '';
  let source = pattern.replace(/^\(\?([ims]+)\)/, (_, given: string) => {
    flags = [...new Set(given.replace('m', ''))].join('');
    return '';
  });
  source = source
    .replace(/\\Q(.*?)(?:\\E|$)/gs, (_, literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .replaceAll('(?P<', '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negated: string, name: string) => {
      const range = POSIX_CLASSES[name];
      return range === undefined || negated ? whole : range;
    })
    .replace(/\\z/g, '$');
  return new RegExp(`^(?:${source})$`, flags);
}

function nameTest(operator: string, value: string): (name: string) => boolean {
  if (operator === '=') return (name) => name === value;
  if (operator === '!=') return (name) => name !== value;
  const regex = re2ToJavaScript(value);
  return operator === '=~' ? (name) => regex.test(name) : (name) => !regex.test(name);
}

/** The stored names of a family: a name matcher selects the family when any of them matches. */
function storedNames(family: string): string[] {
  return [family, `${family}_bucket`, `${family}_count`, `${family}_sum`];
}

/** Reads `name{matchers}`, `{matchers}`, `name` or, for a UTF-8 name, `{"http.server.duration",matchers}`. */
export function parseSelection(selector: string): Selection {
  const parts = splitSelector(selector);
  if (parts === undefined || (parts.name === '' && parts.matchers === undefined)) {
    throw new MatchSelectorError(selector, 'expected a series selector such as api_latency_seconds{job="api"}');
  }
  const { name } = parts;
  if (name !== '' && !isLegacyMetricName(name))
    throw new MatchSelectorError(
      selector,
      `"${name}" is not a metric name outside braces; quote it inside them, as Prometheus 3 does: {${JSON.stringify(name)}}`,
    );
  // A positive matcher selects a family when one of its stored names matches; a negative one when none is excluded.
  const tests: ((family: string) => boolean)[] = [];
  const addTest = (operator: string, value: string) => {
    const test = nameTest(operator, value);
    tests.push(
      operator.startsWith('!')
        ? (family) => storedNames(family).every(test)
        : (family) => storedNames(family).some(test),
    );
  };
  let metricName: string | undefined;
  if (name !== '') {
    metricName = name;
    addTest('=', name);
  }
  const labelMatchers: string[] = [];
  let matcherTexts: string[];
  try {
    matcherTexts = splitMatchers(parts.matchers ?? '');
  } catch {
    throw new MatchSelectorError(selector, 'a label value has no closing quote');
  }
  for (const text of matcherTexts) {
    const quotedName = parseQuotedMetricName(text);
    if (quotedName !== undefined) {
      if (metricName !== undefined) {
        throw new MatchSelectorError(selector, `two metric names: ${JSON.stringify(metricName)} and ${text.trim()}`);
      }
      metricName = quotedName;
      addTest('=', quotedName);
      continue;
    }
    const matcher = parseLabelMatcher(text);
    if (!matcher) throw new MatchSelectorError(selector, `"${text.trim()}" is not a label matcher such as job="api"`);
    const { label, operator, value } = matcher;
    if (label === '__name__') {
      try {
        addTest(operator, JSON.parse(`"${value}"`) as string);
      } catch (error) {
        throw new MatchSelectorError(selector, `invalid name pattern: ${(error as Error).message}`);
      }
    } else {
      labelMatchers.push(`${label}${operator}"${value}"`);
    }
  }
  return {
    matchers: labelMatchers.join(','),
    includes: (family) => tests.every((test) => test(family)),
  };
}
