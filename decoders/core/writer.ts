/** A growable byte buffer for encoders. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.reserve(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number, littleEndian: boolean): this {
    this.reserve(2);
    this.view.setUint16(this.length, v, littleEndian);
    this.length += 2;
    return this;
  }

  u32(v: number, littleEndian: boolean): this {
    this.reserve(4);
    this.view.setUint32(this.length, v, littleEndian);
    this.length += 4;
    return this;
  }

  i32(v: number, littleEndian: boolean): this {
    this.reserve(4);
    this.view.setInt32(this.length, v, littleEndian);
    this.length += 4;
    return this;
  }

  u64(v: bigint, littleEndian: boolean): this {
    this.reserve(8);
    this.view.setBigUint64(this.length, v, littleEndian);
    this.length += 8;
    return this;
  }

  i64(v: bigint, littleEndian: boolean): this {
    this.reserve(8);
    this.view.setBigInt64(this.length, v, littleEndian);
    this.length += 8;
    return this;
  }

  f64(v: number, littleEndian: boolean): this {
    this.reserve(8);
    this.view.setFloat64(this.length, v, littleEndian);
    this.length += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  ascii(text: string): this {
    this.reserve(text.length);
    for (let i = 0; i < text.length; i++) this.buf[this.length++] = text.charCodeAt(i) & 0xff;
    return this;
  }

  /** Overwrites a uint32 written earlier (length fields filled in after the content). */
  patchU32(at: number, v: number, littleEndian: boolean): void {
    this.view.setUint32(at, v, littleEndian);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
