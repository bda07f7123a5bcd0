/** Bytes per line of the hex pane and of console dumps, with a wider gap after the eighth. */
export const BYTES_PER_LINE = 16;

/** Hex digits of the offset column: at least 4, more when the source is longer than 64 KiB. */
export function offsetDigits(length: number): number {
  return Math.max(4, Math.max(0, length - 1).toString(16).length);
}

export function lineCount(length: number): number {
  return Math.ceil(length / BYTES_PER_LINE);
}

/** The line holding byte `offset`. */
export function lineOf(offset: number): number {
  return Math.floor(offset / BYTES_PER_LINE);
}

export function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** What the ASCII column shows for a byte: printable ASCII as itself, anything else as a dot. */
export function asciiOf(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

/** One line of the pane: its offset text and the offsets of the bytes it shows. */
export interface HexLine {
  offsetText: string;
  first: number;
  /** One past the last byte shown. */
  end: number;
}

export function hexLine(line: number, length: number): HexLine {
  const first = line * BYTES_PER_LINE;
  return {
    offsetText: first.toString(16).padStart(offsetDigits(length), '0'),
    first,
    end: Math.min(length, first + BYTES_PER_LINE),
  };
}

/** Whether byte `offset` lies in the highlighted range `[start, end)`. */
export function inRange(offset: number, range: { start: number; end: number } | null): boolean {
  return range !== null && offset >= range.start && offset < range.end;
}

/**
 * A classic dump, one text line per 16 bytes: `0000  45 57 50 00 00 00 03 00  00 00 1c 00 00 00 2b 00  EWP...........+.`
 */
export function hexDumpLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let line = 0; line < lineCount(bytes.length); line++) {
    const { offsetText, first, end } = hexLine(line, bytes.length);
    let hex = '';
    let ascii = '';
    for (let i = first; i < first + BYTES_PER_LINE; i++) {
      const gap = i - first === 8 ? ' ' : '';
      hex += `${gap}${i < end ? hexByte(bytes[i]!) : '  '} `;
      if (i < end) ascii += asciiOf(bytes[i]!);
    }
    lines.push(`${offsetText}  ${hex} ${ascii}`);
  }
  return lines;
}
