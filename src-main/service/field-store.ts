import { toHex } from '../../decoders/core/bytes';
import type { JsonValue } from '../../decoders/core/json';
import { filterSegment } from '../analysis/filter/protocol-field';
import type { PathState } from './field-paths';
import { OMITTED_KEY, TAG, TruncatedValue } from './field-store-format';
import { ByteReader } from './growable-bytes';

/** Pages keep appends cheap (no copying of what is stored) and each message's bytes in one page. */
const PAGE_SIZE = 8 * 1024 * 1024;

/** Set when a read met a value the store did not keep whole: the caller must not trust the result. */
export interface ReadOutcome {
  inexact: boolean;
}

export type StoredValue = JsonValue | TruncatedValue | StoredValue[] | { [key: string]: StoredValue };

/**
 * The service's side of the field store (format: field-store-format.ts): message stores appended in pages, read
 * back whole (Info column) or pruned to the paths a filter names (protocol-field filters over every message).
 */
export class FieldStore {
  private pages: Uint8Array[] = [];
  /** One reader per page, reused: a filter reads a million stores without allocating readers. */
  private readers: ByteReader[] = [];
  private used = 0;
  private keys: string[] = [''];
  /** Short values that repeat (names, user agents), by id. */
  private values: string[] = [];
  private segments: (string | undefined)[] = [];
  /** Page and offset of each message's store, by message index. */
  private page = new Uint16Array(1024);
  private offset = new Uint32Array(1024);
  count = 0;

  get bytesUsed(): number {
    return this.pages.length === 0 ? 0 : (this.pages.length - 1) * PAGE_SIZE + this.used;
  }

  addKeys(keys: readonly string[], values: readonly string[] = []): void {
    for (const k of keys) this.keys.push(k);
    for (const v of values) this.values.push(v);
  }

  /** Appends the stores of consecutive messages, `lengths[i]` bytes each, starting with message `first`. */
  append(first: number, bytes: Uint8Array, lengths: Uint32Array): void {
    this.reserve(first + lengths.length);
    let at = 0;
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i]!;
      let page = this.pages[this.pages.length - 1];
      if (!page || this.used + length > page.length) {
        page = new Uint8Array(Math.max(PAGE_SIZE, length));
        this.pages.push(page);
        this.readers.push(new ByteReader(page));
        this.used = 0;
      }
      page.set(bytes.subarray(at, at + length), this.used);
      this.page[first + i] = this.pages.length - 1;
      this.offset[first + i] = this.used;
      this.used += length;
      at += length;
    }
    this.count = Math.max(this.count, first + lengths.length);
  }

  /** Forgets everything (the capture is read again). */
  clear(): void {
    this.pages = [];
    this.readers = [];
    this.keys = [''];
    this.values = [];
    this.segments = [];
    this.used = 0;
    this.count = 0;
  }

  /** The whole stored fields of a message (long values as TruncatedValue). */
  read(index: number): StoredValue {
    const reader = this.reader(index);
    return this.full(reader, reader.byte(), { inexact: false });
  }

  /** The message's fields pruned to what `state` needs; `outcome.inexact` tells when a needed value was cut. */
  readPruned(index: number, state: PathState, outcome: ReadOutcome): unknown {
    const reader = this.reader(index);
    return this.pruned(reader, state, outcome);
  }

  private reader(index: number): ByteReader {
    const reader = this.readers[this.page[index]!]!;
    reader.position = this.offset[index]!;
    return reader;
  }

  private reserve(n: number): void {
    if (n <= this.page.length) return;
    let size = this.page.length * 2;
    while (size < n) size *= 2;
    const page = new Uint16Array(size);
    page.set(this.page);
    const offset = new Uint32Array(size);
    offset.set(this.offset);
    this.page = page;
    this.offset = offset;
  }

  /** A key as a filter segment (lowercase, other characters `_`), computed once per key. */
  segmentOf(keyId: number): string {
    return (this.segments[keyId] ??= filterSegment(this.keys[keyId] ?? ''));
  }

  private pruned(r: ByteReader, state: PathState, outcome: ReadOutcome): unknown {
    const tag = r.byte();
    if (state.whole) return this.full(r, tag, outcome);
    if (tag === TAG.OBJECT) return this.prunedObject(r, state, outcome);
    if (tag === TAG.ARRAY) return this.prunedArray(r, state, outcome);
    if (tag === TAG.OMITTED) {
      outcome.inexact = true;
      return undefined;
    }
    // A scalar where the path goes on: the filter finds nothing below it, whatever its value.
    skipPayload(r, tag);
    return undefined;
  }

  private prunedObject(r: ByteReader, state: PathState, outcome: ReadOutcome): unknown {
    const end = r.u32() + r.position;
    const count = r.varint();
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const keyId = r.varint();
      if (keyId === OMITTED_KEY) {
        outcome.inexact = true;
        break;
      }
      const next = state.afterKey(keyId, this);
      if (next === null) skipValue(r);
      else out[this.keys[keyId]!] = this.pruned(r, next, outcome);
    }
    r.position = end;
    return out;
  }

  private prunedArray(r: ByteReader, state: PathState, outcome: ReadOutcome): unknown {
    const end = r.u32() + r.position;
    const count = r.varint();
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) {
      out.push(null);
      if (r.bytes[r.position] === TAG.OMITTED) {
        outcome.inexact = true;
        out.length = i;
        break;
      }
      const next = state.forElement(i);
      if (next === null) skipValue(r);
      else out[i] = this.pruned(r, next, outcome);
    }
    r.position = end;
    return out;
  }

  private full(r: ByteReader, tag: number, outcome: ReadOutcome): StoredValue {
    switch (tag) {
      case TAG.NULL:
        return null;
      case TAG.FALSE:
        return false;
      case TAG.TRUE:
        return true;
      case TAG.INT: {
        const z = r.varint();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      case TAG.F64:
        return r.f64();
      case TAG.STRING:
        return r.text();
      case TAG.REF:
        return this.values[r.varint()]!;
      case TAG.HEX:
        return toHex(r.take(r.varint()));
      case TAG.LONG_BYTES:
        outcome.inexact = true;
        return new TruncatedValue('bytes', r.varint());
      case TAG.LONG_TEXT: {
        outcome.inexact = true;
        const length = r.varint();
        return new TruncatedValue('text', length, r.text());
      }
      case TAG.OBJECT:
        return this.fullObject(r, outcome);
      case TAG.ARRAY:
        return this.fullArray(r, outcome);
      default:
        outcome.inexact = true;
        return new TruncatedValue('omitted', 0);
    }
  }

  private fullObject(r: ByteReader, outcome: ReadOutcome): StoredValue {
    const end = r.u32() + r.position;
    const count = r.varint();
    const out: { [key: string]: StoredValue } = {};
    for (let i = 0; i < count; i++) {
      const keyId = r.varint();
      if (keyId === OMITTED_KEY) {
        outcome.inexact = true;
        out['…'] = new TruncatedValue('omitted', 0);
        break;
      }
      out[this.keys[keyId]!] = this.full(r, r.byte(), outcome);
    }
    r.position = end;
    return out;
  }

  private fullArray(r: ByteReader, outcome: ReadOutcome): StoredValue {
    const end = r.u32() + r.position;
    const count = r.varint();
    const out: StoredValue[] = [];
    for (let i = 0; i < count; i++) {
      const value = this.full(r, r.byte(), outcome);
      out.push(value);
      if (value instanceof TruncatedValue && value.kind === 'omitted') break;
    }
    r.position = end;
    return out;
  }
}

function skipValue(r: ByteReader): void {
  skipPayload(r, r.byte());
}

function skipPayload(r: ByteReader, tag: number): void {
  switch (tag) {
    case TAG.INT:
    case TAG.LONG_BYTES:
    case TAG.REF:
      r.varint();
      return;
    case TAG.F64:
      r.position += 8;
      return;
    case TAG.STRING:
    case TAG.HEX:
      r.skip(r.varint());
      return;
    case TAG.LONG_TEXT:
      r.varint();
      r.skip(r.varint());
      return;
    case TAG.OBJECT:
    case TAG.ARRAY:
      r.skip(r.u32());
      return;
    default:
      return;
  }
}
