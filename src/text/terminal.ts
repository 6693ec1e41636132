/**
 * Text read from a server (metric names, label values, error strings) shown on a terminal.
 * A terminal obeys what it is sent: ESC `c` resets it, other escape sequences move the
 * cursor, retitle the window or hide text, and bidi controls (U+202E...) reorder what the eye
 * reads. Every such character is shown as an escape instead, and long values are cut.
 */

/**
 * What a terminal must never receive raw: C0 and C1 controls and DEL (Cc), format characters
 * (Cf: bidi embeddings, overrides and isolates, zero-width joiners, the BOM...), line and
 * paragraph separators, and unpaired surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_EXCEPT_NEWLINE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** Longest value shown whole by default, in characters (code points) as printed. */
export const MAX_VALUE_LENGTH = 200;
/** Longest line a report prints; a longer one holds a value from the server that is cut. */
export const MAX_LINE_LENGTH = 1000;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One unsafe character as text: `\n`, `\x1b`, `\u{202e}`. */
function escapeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return NAMED[character] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`);
}

/** Cuts text to at most `max` code points, saying how many were left out. */
function cut(text: string, max: number): string {
  const characters = Array.from(text);
  if (characters.length <= max) return text;
  const left = characters.length - max;
  return `${characters.slice(0, max).join('')}…[${left} more characters]`;
}

/**
 * A value from a server as one safe line: every control, bidi or invisible format character
 * (newlines too) escaped, then cut to `max` characters.
 * @example escapeForTerminal('a\u001bc') === 'a\\x1bc'
 */
export function escapeForTerminal(value: string, max = MAX_VALUE_LENGTH): string {
  let escaped = '';
  for (const character of value) escaped += UNSAFE.test(character) ? escapeCharacter(character) : character;
  return cut(escaped, max);
}

/**
 * A whole report for the terminal: the same escapes except for the newlines between its lines,
 * and every line cut to `maxLine` characters. The last guard before stdout or stderr, for text
 * that holds server data wherever it was put.
 */
export function terminalText(text: string, maxLine = MAX_LINE_LENGTH): string {
  return text
    .split('\n')
    .map((line) => cut(line.replace(UNSAFE_EXCEPT_NEWLINE, escapeCharacter), maxLine))
    .join('\n');
}

/**
 * JSON text (from JSON.stringify) that a terminal cannot be steered by, still valid and lossless: the
 * characters JSON.stringify leaves raw (DEL, C1 controls, bidi and other format characters,
 * U+2028/U+2029) written as \u escapes.
 */
export function terminalJson(json: string): string {
  // Inside strings JSON.stringify already escapes C0 controls: a raw newline is layout.
  return json.replace(/(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (character) =>
    Array.from(
      { length: character.length },
      (_, index) => `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`,
    ).join(''),
  );
}
