import { describe, expect, it } from 'vitest';
import { escapeForTerminal, terminalJson, terminalText } from '../../src/text/terminal.js';
import type { SeededRandom } from '../../src/workload/SeededRandom.js';
import { forRandomCases } from '../helpers/property.js';

/**
 * What a terminal obeys, listed here by hand from ECMA-48 and Unicode's bidi annex (not from
 * the code's own pattern): C0, DEL and C1 controls, the bidi embeddings, overrides, isolates and
 * marks, zero-width characters, the BOM, line and paragraph separators, and lone surrogates.
 */
const DANGEROUS = [
  ...Array.from({ length: 0x20 }, (_, code) => code),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, index) => 0x80 + index),
  0x061c,
  0x200b,
  0x200c,
  0x200d,
  0x200e,
  0x200f,
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2060,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
  0x2028,
  0x2029,
  0xfeff,
].map((code) => String.fromCharCode(code));
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
const SAFE = ['a', 'Z', '0', ' ', '_', '.', '{', '"', '=', 'é', 'ü', 'ß', '中', '文', '€', '😀', '🚀', 'ℵ'];

/** Anything dangerous a terminal would obey, as a code-point list for an assertion message. */
function dangerousIn(text: string): string[] {
  const found: string[] = [];
  for (let index = 0; index < text.length; index++) {
    const character = text[index] ?? '';
    const isLone =
      /[\ud800-\udfff]/.test(character) &&
      !(/[\ud800-\udbff]/.test(character) && /[\udc00-\udfff]/.test(text[index + 1] ?? '')) &&
      !(/[\udc00-\udfff]/.test(character) && /[\ud800-\udbff]/.test(text[index - 1] ?? ''));
    if (DANGEROUS.includes(character) || isLone) found.push(`U+${character.charCodeAt(0).toString(16)}`);
  }
  return found;
}

function randomText(random: SeededRandom, maxLength: number): string {
  const pools = [DANGEROUS, LONE_SURROGATES, SAFE, ['\\', 'x', '1', 'b', 'u', '}']];
  let text = '';
  const length = random.integer(0, maxLength);
  for (let index = 0; index < length; index++) {
    const pool = pools[random.weighted([3, 1, 6, 2])] ?? SAFE;
    text += pool[random.integer(0, pool.length - 1)];
  }
  return text;
}

/** Reads escapeForTerminal's escapes back (for inputs without a backslash of their own). */
function readEscapes(text: string): string {
  return text
    .replace(/\\u\{([0-9a-f]+)\}/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\x([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\n/g, '\n')
    .replace(/\\r/g, '\r')
    .replace(/\\t/g, '\t');
}

describe('escapeForTerminal', () => {
  it('leaves no character a terminal obeys, on random values', () => {
    forRandomCases(3000, (random) => {
      const value = randomText(random, 60);
      const shown = escapeForTerminal(value, 1000);
      expect(dangerousIn(shown), JSON.stringify(value)).toEqual([]);
    });
  });

  it('loses nothing it does not cut: the escapes read back to the value', () => {
    forRandomCases(2000, (random) => {
      const value = randomText(random, 40).replaceAll('\\', '');
      expect(readEscapes(escapeForTerminal(value, 10_000)), JSON.stringify(value)).toBe(value);
    });
  });

  it('shows printable text, accents, CJK and emoji unchanged', () => {
    forRandomCases(1000, (random) => {
      const value = Array.from({ length: random.integer(0, 50) }, () => SAFE[random.integer(0, SAFE.length - 1)]).join(
        '',
      );
      expect(escapeForTerminal(value)).toBe(value);
    });
  });

  it('cuts a long value to the limit and says how much was left out', () => {
    forRandomCases(500, (random) => {
      const value = randomText(random, 3000);
      const max = random.integer(1, 300);
      const shown = escapeForTerminal(value, max);
      const kept = shown.replace(/…\[\d+ more characters\]$/, '');
      expect(Array.from(kept).length).toBeLessThanOrEqual(max);
      if (shown !== kept) expect(shown).toMatch(/…\[[1-9]\d* more characters\]$/);
    });
  });

  it.each([
    ['ESC c (terminal reset)', 'a\u001bc', 'a\\x1bc'],
    ['a CSI colour sequence', '\u001b[31mred', '\\x1b[31mred'],
    ['the 8-bit CSI', '\u009b2J', '\\x9b2J'],
    ['a right-to-left override', 'abc\u202etxt.exe', 'abc\\u{202e}txt.exe'],
    ['a newline', 'two\nlines', 'two\\nlines'],
    ['a zero-width joiner', 'a\u200db', 'a\\u{200d}b'],
  ])('escapes %s', (_label, value, shown) => {
    expect(escapeForTerminal(value)).toBe(shown);
  });

  it('cuts a 10 kB label value', () => {
    expect(escapeForTerminal('x'.repeat(10_000), 200)).toBe(`${'x'.repeat(200)}…[9800 more characters]`);
  });
});

describe('terminalText', () => {
  it('keeps the lines of a report and escapes everything else, on random text', () => {
    forRandomCases(2000, (random) => {
      const lines = Array.from({ length: random.integer(1, 5) }, () => randomText(random, 30).replaceAll('\n', ''));
      const shown = terminalText(lines.join('\n'), 10_000);
      expect(shown.split('\n')).toHaveLength(lines.length);
      expect(dangerousIn(shown.replaceAll('\n', ''))).toEqual([]);
    });
  });

  it('cuts each long line', () => {
    expect(terminalText(`short\n${'y'.repeat(1500)}`, 1000)).toBe(`short\n${'y'.repeat(1000)}…[500 more characters]`);
  });
});

describe('terminalJson', () => {
  it('stays valid JSON that parses back to the same value, with nothing a terminal obeys', () => {
    forRandomCases(2000, (random) => {
      const value = { name: randomText(random, 20), labels: [randomText(random, 20)] };
      const text = terminalJson(JSON.stringify(value, null, 2));
      expect(dangerousIn(text.replaceAll('\n', ''))).toEqual([]);
      expect(JSON.parse(text)).toEqual(value);
    });
  });
});
