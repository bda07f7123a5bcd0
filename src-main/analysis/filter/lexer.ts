import { FilterSyntaxError } from './syntax-error';

export type Punctuation =
  '(' | ')' | '{' | '}' | ',' | '..' | '==' | '!=' | '===' | '!==' | '<' | '<=' | '>' | '>=' | '~' | '!' | '&&' | '||';

export interface Token {
  /** `word`: a field name, keyword or unquoted value; `string`: a quoted string; `end`: past the last token. */
  type: 'word' | 'string' | 'end' | Punctuation;
  /** The token as written in the filter. */
  text: string;
  /** Strings unescaped; the same as `text` otherwise. */
  value: string;
  start: number;
  end: number;
}

/** Longest first, so `!==` wins over `!=` and `!`. */
const PUNCTUATION: readonly Punctuation[] = [
  '===',
  '!==',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '..',
  '<',
  '>',
  '!',
  '~',
  '(',
  ')',
  '{',
  '}',
  ',',
];

/** Characters that are likely typos for something valid: the error names what was meant. */
const LONE_OPERATOR_HINTS: Readonly<Record<string, string>> = {
  '=': "expected '==' (a single '=' is not an operator)",
  '&': "expected '&&' (a single '&' is not an operator)",
  '|': "expected '||' (a single '|' is not an operator)",
  "'": 'unexpected character "\'": strings take double quotes',
};

/**
 * Unquoted words run over everything a field name, number, byte string (`aa:bb`), IPv4/IPv6 address or CIDR block
 * (`[fe80::1]:30303`, `10.0.0.0/8`) or enum word can hold, so those need no quotes.
 */
export function isWordChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x2d || // -
    c === 0x2b || // + (1e+3)
    c === 0x2e || // .
    c === 0x3a || // :
    c === 0x2f || // /
    c === 0x5b || // [
    c === 0x5d || // ]
    (c > 0x7f && !isSpace(c))
  );
}

/** ASCII controls and Unicode spaces: a no-break space pasted from a web page separates like a space. */
export function isSpace(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x7f ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    if (isSpace(source.charCodeAt(i))) {
      i++;
      continue;
    }
    const token = readToken(source, i);
    tokens.push(token);
    i = token.end;
  }
  tokens.push({ type: 'end', text: '', value: '', start: source.length, end: source.length });
  return tokens;
}

function readToken(source: string, start: number): Token {
  const c = source[start]!;
  if (c === '"') return readString(source, start, start + 1, false);
  if ((c === 'r' || c === 'R') && source[start + 1] === '"') return readString(source, start, start + 2, true);
  const punctuation = PUNCTUATION.find((p) => source.startsWith(p, start));
  if (punctuation) {
    const end = start + punctuation.length;
    return { type: punctuation, text: punctuation, value: punctuation, start, end };
  }
  if (isWordChar(source.charCodeAt(start))) return readWord(source, start);
  throw new FilterSyntaxError(LONE_OPERATOR_HINTS[c] ?? `unexpected character '${c}'`, start, 1);
}

/** A word stops before `..` so that `1..5` reads as a range. */
function readWord(source: string, start: number): Token {
  let end = start;
  while (end < source.length && isWordChar(source.charCodeAt(end))) {
    if (source[end] === '.' && source[end + 1] === '.' && end > start) break;
    end++;
  }
  const text = source.slice(start, end);
  return { type: 'word', text, value: text, start, end };
}

/** `"..."` with C-like escapes, or raw `r"..."` where backslashes stay (handy for regular expressions). */
function readString(source: string, start: number, bodyStart: number, raw: boolean): Token {
  let value = '';
  let i = bodyStart;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '"') {
      const end = i + 1;
      return { type: 'string', text: source.slice(start, end), value, start, end };
    }
    // A backslash ending the filter escapes nothing: the string is simply unterminated.
    if (c === '\\' && !raw && i + 1 < source.length) {
      const escape = readEscape(source, i);
      value += escape.value;
      i = escape.end;
    } else {
      value += c;
      i++;
    }
  }
  throw new FilterSyntaxError("unterminated string: expected a closing '\"'", start, source.length - start);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  n: '\n',
  r: '\r',
  t: '\t',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

function readEscape(source: string, at: number): { value: string; end: number } {
  const kind = source[at + 1]!;
  const simple = SIMPLE_ESCAPES[kind];
  if (simple !== undefined) return { value: simple, end: at + 2 };
  if (kind === 'x') return hexEscape(source, at, at + 2, 2);
  if (kind === 'u' && source[at + 2] === '{') {
    const close = source.indexOf('}', at + 3);
    if (close < 0) throw badEscape(source, at, at + 3);
    return hexEscape(source, at, at + 3, close - (at + 3), close + 1);
  }
  if (kind === 'u') return hexEscape(source, at, at + 2, 4);
  throw badEscape(source, at, at + 2);
}

/** `length` hex digits from `from` name one code point; the escape ends at `end`. */
function hexEscape(source: string, at: number, from: number, length: number, end = from + length) {
  const digits = source.slice(from, from + length);
  const valid = digits.length === length && length > 0 && length <= 6 && /^[0-9a-fA-F]+$/.test(digits);
  const code = valid ? parseInt(digits, 16) : NaN;
  if (!(code <= 0x10ffff)) throw badEscape(source, at, end);
  return { value: String.fromCodePoint(code), end };
}

function badEscape(source: string, at: number, end: number): FilterSyntaxError {
  const text = source.slice(at, Math.min(end, source.length));
  return new FilterSyntaxError(
    `invalid escape '${text}': expected \\", \\\\, \\n, \\r, \\t, \\0, \\xHH, \\uHHHH or \\u{H...} (or write r"..." to keep backslashes)`,
    at,
    Math.max(1, text.length),
  );
}
