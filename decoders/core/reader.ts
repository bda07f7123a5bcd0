/**
 * A decoder hit bytes it cannot read. Thrown inside decoders only: every decoder entry point catches it and
 * turns it into an error note at `offset`, keeping the fields read so far.
 */
export class DecodeError extends Error {
  constructor(
    /** Offset in the decoder's byte source where decoding broke. */
    readonly offset: number,
    reason: string,
    /** Stable note kind. */
    readonly kind = 'malformed',
  ) {
    super(reason);
    this.name = 'DecodeError';
  }
}

/** A bounds-checked cursor over bytes. `base` shifts reported offsets when reading a sub-slice. */
export class ByteReader {
  pos: number;
  private dataView: DataView | undefined;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** Made on first use: most readers (RLP, single bytes) never need one, and there is a reader per nested part. */
  get view(): DataView {
    return (this.dataView ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws a DecodeError unless `n` more bytes are available. */
  need(n: number, what: string): void {
    if (n > this.end - this.pos) {
      throw new DecodeError(this.pos, `${what}: needs ${n} bytes, only ${this.end - this.pos} left`, 'truncated');
    }
  }

  u8(what = 'uint8'): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  u16(littleEndian: boolean, what = 'uint16'): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, littleEndian);
    this.pos += 2;
    return v;
  }

  u32(littleEndian: boolean, what = 'uint32'): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, littleEndian);
    this.pos += 4;
    return v;
  }

  i32(littleEndian: boolean, what = 'int32'): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, littleEndian);
    this.pos += 4;
    return v;
  }

  u64(littleEndian: boolean, what = 'uint64'): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, littleEndian);
    this.pos += 8;
    return v;
  }

  i64(littleEndian: boolean, what = 'int64'): bigint {
    this.need(8, what);
    const v = this.view.getBigInt64(this.pos, littleEndian);
    this.pos += 8;
    return v;
  }

  f64(littleEndian: boolean, what = 'double'): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, littleEndian);
    this.pos += 8;
    return v;
  }

  /** A view (no copy) of the next `n` bytes. */
  take(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
