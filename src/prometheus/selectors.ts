/**
 * Reading a series selector someone wrote (`--match`, a pipeline template): its metric name, its
 * label matchers, each matcher's parts. Writing one is `metricSelector` in names.ts.
 */

/** A selector cut in two: the text before the braces and the text inside them. */
export interface SelectorParts {
  /** The metric name as written, trimmed; empty for `{...}`. */
  readonly name: string;
  /** The matchers inside the braces, untrimmed; undefined without braces. */
  readonly matchers?: string;
}

/** A label matcher read from text: `job="api"`, `le=~"1(\\.0)?"`, `"http.route"="/x"`. */
export interface LabelMatcher {
  /** The label name as written: bare, or quoted as Prometheus 3 writes a UTF-8 label name. */
  readonly label: string;
  readonly operator: '=' | '!=' | '=~' | '!~';
  /** The value as written between the quotes, escapes kept. */
  readonly value: string;
}

const SELECTOR = /^([^{]*)(?:\{(.*)\})?$/s;
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*|"(?:[^"\\]|\\.)*")\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;
/** A quoted string alone between the commas: Prometheus 3's `{"http.server.duration"}`, a metric name. */
const QUOTED_NAME = /^\s*("(?:[^"\\]|\\.)*")\s*$/;

/** Cuts `name{matchers}`, `{matchers}` or `name`; undefined when the text is none of these. */
export function splitSelector(text: string): SelectorParts | undefined {
  const match = SELECTOR.exec(text.trim());
  if (!match) return undefined;
  const name = match[1]?.trim() ?? '';
  return match[2] === undefined ? { name } : { name, matchers: match[2] };
}

/** Splits `a="x",b=~"y,z"` on the commas outside quotes; throws on an unclosed quote. */
export function splitMatchers(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '\\' && quoted) {
      current += char + (text[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  if (quoted) throw new Error('unclosed quote');
  if (current.trim() !== '') parts.push(current);
  return parts;
}

/**
 * The metric name of a matcher text that is a quoted string alone (`"http.server.duration"` in
 * `{"http.server.duration",job="api"}`), unescaped; undefined for any other text.
 */
export function parseQuotedMetricName(text: string): string | undefined {
  const match = QUOTED_NAME.exec(text);
  if (!match) return undefined;
  try {
    return JSON.parse(match[1] as string) as string;
  } catch {
    return undefined;
  }
}

/** Reads one matcher `label<op>"value"`; undefined when it is not one. */
export function parseLabelMatcher(text: string): LabelMatcher | undefined {
  const match = MATCHER.exec(text);
  if (!match) return undefined;
  const [, label, operator, value] = match as unknown as [string, string, LabelMatcher['operator'], string];
  return { label, operator, value };
}
