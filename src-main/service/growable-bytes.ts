const encoder = new TextEncoder();

/** An append-only byte buffer that doubles as it fills: the field store and the replay log are written with it. */
export class GrowableBytes {
  bytes: Uint8Array;
  length = 0;
  private view: DataView;

  constructor(initial = 64 * 1024) {
    this.bytes = new Uint8Array(initial);
    this.view = new DataView(this.bytes.buffer);
  }

  /** The bytes written so far (a view: copy or transfer before writing more). */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Starts over, keeping the allocation unless it grew past `keepAtMost`. */
  reset(keepAtMost = 16 * 1024 * 1024): void {
    this.length = 0;
    if (this.bytes.length > keepAtMost) {
      this.bytes = new Uint8Array(64 * 1024);
      this.view = new DataView(this.bytes.buffer);
    }
  }

  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** Unsigned integer up to 2^53, seven bits per byte. */
  varint(value: number): void {
    this.reserve(8);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  u32At(position: number, value: number): void {
    this.view.setUint32(position, value, true);
  }

  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A varint byte length, then the text as UTF-8. */
  text(value: string): void {
    this.reserve(value.length * 3 + 8);
    const lengthAt = this.length;
    // Most texts are short ASCII: write into the room after a one-byte length, move only when longer.
    const { written } = encoder.encodeInto(value, this.bytes.subarray(lengthAt + 1));
    if (written < 0x80) {
      this.bytes[lengthAt] = written;
      this.length = lengthAt + 1 + written;
      return;
    }
    const utf8 = this.bytes.slice(lengthAt + 1, lengthAt + 1 + written);
    this.varint(written);
    this.append(utf8);
  }
}

/** Reads what GrowableBytes wrote. */
export class ByteReader {
  position: number;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    position = 0,
  ) {
    this.position = position;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  byte(): number {
    return this.bytes[this.position++]!;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.bytes[this.position++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  }

  u32(): number {
    const value = this.view.getUint32(this.position, true);
    this.position += 4;
    return value;
  }

  f64(): number {
    const value = this.view.getFloat64(this.position, true);
    this.position += 8;
    return value;
  }

  /** Moves past `length` bytes (`position += read()` would add to the position from before the read). */
  skip(length: number): void {
    this.position += length;
  }

  take(length: number): Uint8Array {
    const out = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return out;
  }

  text(): string {
    const length = this.varint();
    return utf8Text(this.take(length));
  }
}

const decoder = new TextDecoder();

/** UTF-8 to text; short ASCII (most names and ids) without the decoder's call overhead. */
export function utf8Text(bytes: Uint8Array): string {
  if (bytes.length <= 24) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  return decoder.decode(bytes);
}
