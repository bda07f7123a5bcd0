/** Where a value sits in a JSON text: `[start, end)` character offsets. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * The text range of the value at `path` (object keys and array indices) in a JSON text, or of the deepest part of
 * the path that exists (`exact` false): an encoder's error path becomes a squiggle at the right place. Null when
 * the text is not JSON.
 */
export function locateJsonPath(
  text: string,
  path: readonly (string | number)[],
): (TextRange & { exact: boolean }) | null {
  const scanner = new JsonScanner(text);
  try {
    return scanner.locate(path);
  } catch {
    return null;
  }
}

/** `fields.header.id` / `body.0.slot` → ['fields', 'header', 'id']; numeric segments index arrays. */
export function splitErrorPath(dotted: string): (string | number)[] {
  return dotted
    .split('.')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

class JsonScanner {
  private at = 0;

  constructor(private readonly text: string) {}

  locate(path: readonly (string | number)[]): TextRange & { exact: boolean } {
    this.space();
    const located = this.value(path, 0);
    this.space();
    if (this.at !== this.text.length) throw new Error('trailing text');
    return located;
  }

  /** Reads one value; when `path[depth]` names a member of it, narrows to that member's range. */
  private value(path: readonly (string | number)[], depth: number): TextRange & { exact: boolean } {
    const start = this.at;
    const c = this.text[this.at];
    let inner: (TextRange & { exact: boolean }) | null = null;
    if (c === '{') inner = this.object(path, depth);
    else if (c === '[') inner = this.array(path, depth);
    else if (c === '"') this.string();
    else this.literal();
    const whole = { start, end: this.at, exact: depth === path.length };
    return inner ?? whole;
  }

  private object(path: readonly (string | number)[], depth: number): (TextRange & { exact: boolean }) | null {
    let found: (TextRange & { exact: boolean }) | null = null;
    this.at++;
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return null;
    }
    for (;;) {
      this.space();
      const key = this.string();
      this.space();
      this.expect(':');
      this.space();
      const wanted = depth < path.length && path[depth] === key;
      const member = this.value(wanted ? path : [], wanted ? depth + 1 : 0);
      if (wanted) found = member;
      this.space();
      if (this.text[this.at] !== ',') break;
      this.at++;
    }
    this.expect('}');
    return found;
  }

  private array(path: readonly (string | number)[], depth: number): (TextRange & { exact: boolean }) | null {
    let found: (TextRange & { exact: boolean }) | null = null;
    this.at++;
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return null;
    }
    for (let index = 0; ; index++) {
      this.space();
      const wanted = depth < path.length && path[depth] === index;
      const item = this.value(wanted ? path : [], wanted ? depth + 1 : 0);
      if (wanted) found = item;
      this.space();
      if (this.text[this.at] !== ',') break;
      this.at++;
    }
    this.expect(']');
    return found;
  }

  private string(): string {
    this.expect('"');
    let out = '';
    while (this.at < this.text.length && this.text[this.at] !== '"') {
      if (this.text[this.at] === '\\') {
        out += this.text.slice(this.at, this.at + 2);
        this.at += 2;
      } else out += this.text[this.at++];
    }
    this.expect('"');
    return out.includes('\\') ? (JSON.parse(`"${out}"`) as string) : out;
  }

  private literal(): void {
    const match = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.at, this.at + 400));
    if (!match) throw new Error(`unexpected character at ${this.at}`);
    this.at += match[0].length;
  }

  private space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  private expect(c: string): void {
    if (this.text[this.at] !== c) throw new Error(`expected ${c} at ${this.at}`);
    this.at++;
  }
}
