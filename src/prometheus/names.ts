/**
 * Metric and label names, and how a metric's series are written in PromQL. Prometheus 3 accepts
 * any UTF-8 name (OpenTelemetry's dotted names); a name outside the legacy character set must be
 * quoted inside the braces: `{"http.server.duration_seconds_bucket",le="1"}`.
 */

const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Whether a metric name needs no quoting: the character set every Prometheus version accepts. */
export function isLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC_NAME.test(name);
}

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Whether a label name can be written bare in PromQL (`sum by (file_type)`) and is not one of
 * Prometheus' reserved `__` names: the character set every Prometheus version accepts.
 */
export function isPlainLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME.test(name) && !name.startsWith('__');
}

/**
 * A string literal as PromQL reads it. JSON's escapes (`\"`, `\\`, `\n`, `\u001b`) are a subset of
 * the Go escapes PromQL accepts, so the value comes back byte for byte.
 */
export function promqlString(value: string): string {
  return JSON.stringify(value);
}

/** The characters RE2 (Prometheus' regex engine) reads as syntax: Go's `regexp.QuoteMeta` escapes exactly these. */
const RE2_METACHARACTERS = /[\\.+*?()|[\]{}^$]/g;

/**
 * Text that an RE2 regex matches literally: a name such as `http.server.duration` or `queue(wait)`
 * inside a `=~` matcher, where a bare `.` would match any character and a `(` break the regex.
 * Non-ASCII characters need no escape: RE2 matches UTF-8 as characters.
 *
 * @example regexLiteral('http.server.duration') // http\.server\.duration
 */
export function regexLiteral(text: string): string {
  return text.replace(RE2_METACHARACTERS, '\\$&');
}

/**
 * The series of one metric as a selector: `name`, `name{job="api"}`, or, for a name outside the
 * legacy character set, `{"http.server.duration_seconds",job="api"}` as Prometheus 3 reads it.
 * Empty matchers are skipped.
 *
 * @example metricSelector('m_bucket', ['job="api"', 'le="1.0"']) // m_bucket{job="api",le="1.0"}
 */
export function metricSelector(name: string, matchers: readonly string[] = []): string {
  const present = matchers.filter((matcher) => matcher !== '');
  if (!isLegacyMetricName(name)) return `{${[promqlString(name), ...present].join(',')}}`;
  return present.length === 0 ? name : `${name}{${present.join(',')}}`;
}
