/**
 * doctor's PromQL: a few aggregate or batched selectors that read every histogram family of a
 * server in a bounded number of queries, and the standard quantile query whose annotations doctor
 * reports. Nothing here queries anything; it only spells expressions.
 */
import { metricSelector, promqlString, regexLiteral } from '../prometheus/names.js';
import { quantileOfSeries } from './quantile.js';

/** The suffixes of a classic histogram's series. */
export const CLASSIC_SUFFIXES = ['_bucket', '_count', '_sum'] as const;

/** Label that carries a series' metric name through functions that drop `__name__`. */
export const FAMILY_LABEL = '__doctor_family__';

/** The window of the standard quantile query: what a dashboard's `rate(...[5m])` would use. */
export const STANDARD_RATE_WINDOW = '5m';

/** `{a="b",c=~"d"}` from matchers; `__name__` matchers may be among them. */
function braces(matchers: readonly string[]): string {
  return `{${matchers.filter((matcher) => matcher !== '').join(',')}}`;
}

/**
 * A `__name__` matcher for exactly these names: each escaped for RE2 (a dotted OTel name's `.`
 * would match any character, a `(` would break the regex), the regex then quoted as a PromQL
 * string (its backslashes doubled).
 */
function namesMatcher(names: readonly string[], suffixes: readonly string[] = []): string {
  const alternation = `(?:${names.map(regexLiteral).join('|')})`;
  return `__name__=~${promqlString(suffixes.length === 0 ? alternation : `${alternation}_(?:${suffixes.join('|')})`)}`;
}

/**
 * Every classic series (buckets, count and sum) of the named families, in one selector:
 * `{__name__=~"(?:a|b)_(?:bucket|count|sum)",job="api"}`.
 */
export function classicSeriesSelector(families: readonly string[], matchers = ''): string {
  const suffixes = CLASSIC_SUFFIXES.map((suffix) => suffix.slice(1));
  return braces([namesMatcher(families, suffixes), matchers]);
}

/** Every series of the named families stored under the bare name: native histograms. */
export function nativeSeriesSelector(families: readonly string[], matchers = ''): string {
  return braces([namesMatcher(families), matchers]);
}

/**
 * One aggregate that names every metric whose samples are native histograms, with its number of
 * series: `histogram_count` keeps only histogram samples, and the name survives it as a label.
 * Classic series (`_bucket`, `_count`, `_sum`) are left out: they only ever hold floats.
 */
export function nativeFamiliesQuery(matchers = ''): string {
  const candidates = braces(['__name__=~".+"', '__name__!~".+_(?:bucket|count|sum)"', matchers]);
  return `count by (${FAMILY_LABEL}) (histogram_count(label_replace(${candidates}, "${FAMILY_LABEL}", "$1", "__name__", "(.+)")))`;
}

/** A selector for `/api/v1/label/__name__/values` restricted by the user's matchers; none without them. */
export function namesSelector(matchers = ''): string[] {
  return matchers === '' ? [] : [braces(['__name__=~".+"', matchers])];
}

/** The query a dashboard would run for a classic family's p99: its annotations are what users meet. */
export function classicStandardQuantile(family: string, matchers = '', quantile = 0.99): string {
  return quantileOfSeries(familySeries(family, matchers), 'classic', { q: quantile, window: STANDARD_RATE_WINDOW });
}

/** The same for a native family: no `le`, the buckets are inside the samples. */
export function nativeStandardQuantile(family: string, matchers = '', quantile = 0.99): string {
  return quantileOfSeries(familySeries(family, matchers), 'native', { q: quantile, window: STANDARD_RATE_WINDOW });
}

/** A family's series with a suffix (`_bucket`) and the user's matchers, its name quoted when Prometheus needs it. */
function familySeries(family: string, matchers: string): (suffix: string) => string {
  return (suffix) => metricSelector(`${family}${suffix}`, [matchers]);
}
