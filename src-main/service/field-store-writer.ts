import type { Field } from '../../decoders/core/field';
import type { JsonValue } from '../../decoders/core/json';
import {
  isLowerHexBytes,
  LONG_BYTES,
  LONG_TEXT,
  MESSAGE_BUDGET,
  MESSAGE_LIMIT,
  OMITTED_KEY,
  SHARED_VALUE,
  SHARED_VALUES_MAX,
  SMALL_VALUE,
  TAG,
} from './field-store-format';
import type { GrowableBytes } from './growable-bytes';

/** Room for member names once a message's budget is spent. */
const KEYS_PAST_BUDGET = 256;

/**
 * Interns strings the store writes as small ids: object keys (ids from 1, 0 marks an omitted rest), and short
 * values that repeat (from 0), up to a bound.
 */
export class KeyInterner {
  private readonly ids = new Map<string, number>();
  /** Strings interned since the last `takeNew`. */
  private fresh: string[] = [];

  constructor(
    private readonly first = 1,
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {}

  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size + this.first;
      this.ids.set(key, id);
      this.fresh.push(key);
    }
    return id;
  }

  /** The string's id, or undefined when the table is full and it is not in it. */
  idIfRoom(value: string): number | undefined {
    const id = this.ids.get(value);
    if (id !== undefined || this.ids.size >= this.limit) return id;
    return this.id(value);
  }

  takeNew(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}

/**
 * Writes one message's `fields` (what `fieldsJson` would give, encoding fields left out) into the store, within the
 * message budget. Lazily built parts of the tree (hex leaves, unbuilt SSZ elements) that are long are not built:
 * their byte range gives the length the store keeps.
 */
export class FieldStoreWriter {
  /** Positions in the output where this message's budget and limit are reached. */
  private budget = 0;
  private limit = 0;

  constructor(
    private readonly out: GrowableBytes,
    private readonly keys: KeyInterner,
    private readonly values: KeyInterner = new KeyInterner(0, SHARED_VALUES_MAX),
  ) {}

  /** Appends the message's store; returns its length in bytes. */
  writeMessage(root: Field): number {
    const start = this.out.length;
    this.budget = start + MESSAGE_BUDGET;
    this.limit = start + MESSAGE_LIMIT;
    this.container(root, 'struct');
    return this.out.length - start;
  }

  /** Past the budget: only small values are kept whole. */
  private overBudget(): boolean {
    return this.out.length >= this.budget;
  }

  /** At the limit: nothing more is kept. */
  private spent(): boolean {
    return this.out.length >= this.limit;
  }

  /** Whether a byte string (or text) of `length` is kept whole here. */
  private keeps(length: number, longest: number): boolean {
    return length <= longest && (length <= SMALL_VALUE || !this.overBudget());
  }

  private field(field: Field): void {
    if (field.shape === 'leaf') return this.leaf(field);
    // A subtree not built yet (an SSZ list element) is built only while the budget lasts: past it, building a
    // hundred blocks to keep their numbers would cost more than the pass itself.
    if (field.unbuilt && this.overBudget()) return this.out.byte(TAG.OMITTED);
    this.container(field, field.shape);
  }

  private container(field: Field, shape: 'struct' | 'list'): void {
    const out = this.out;
    out.byte(shape === 'struct' ? TAG.OBJECT : TAG.ARRAY);
    const lengthAt = out.length;
    out.u32(0);
    const children = (field.children ?? []).filter((c) => !c.encoding);
    out.varint(children.length);
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (shape === 'list') {
        if (this.spent()) {
          out.byte(TAG.OMITTED);
          break;
        }
        this.field(child);
        continue;
      }
      // Past the budget an object still names its members (their values omitted): a filter on another member
      // stays decidable from the store.
      if (out.length >= this.limit + KEYS_PAST_BUDGET) {
        out.varint(OMITTED_KEY);
        break;
      }
      out.varint(this.keys.id(child.name));
      if (this.spent()) out.byte(TAG.OMITTED);
      else this.field(child);
    }
    out.u32At(lengthAt, out.length - lengthAt - 4);
  }

  private leaf(field: Field): void {
    // A value built only when read (hex of a long byte string, an unbuilt element): its range says how long it is.
    const lazy = !Object.prototype.hasOwnProperty.call(field, 'value');
    if (
      lazy &&
      field.start !== undefined &&
      field.end !== undefined &&
      !this.keeps(field.end - field.start, LONG_BYTES)
    ) {
      this.out.byte(TAG.LONG_BYTES);
      this.out.varint(field.end - field.start);
      return;
    }
    this.value(field.value ?? null);
  }

  private value(value: JsonValue): void {
    const out = this.out;
    if (value === null) return out.byte(TAG.NULL);
    if (value === true) return out.byte(TAG.TRUE);
    if (value === false) return out.byte(TAG.FALSE);
    if (typeof value === 'number') return this.number(value);
    if (typeof value === 'string') return this.string(value);
    if (Array.isArray(value)) return this.array(value);
    this.object(value);
  }

  private number(value: number): void {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      this.out.byte(TAG.INT);
      this.out.varint(value >= 0 ? value * 2 : -value * 2 - 1);
    } else {
      this.out.byte(TAG.F64);
      this.out.f64(value);
    }
  }

  private string(value: string): void {
    const out = this.out;
    if (value.length <= SHARED_VALUE) {
      const id = this.values.idIfRoom(value);
      if (id !== undefined) {
        out.byte(TAG.REF);
        out.varint(id);
        return;
      }
    }
    if (isLowerHexBytes(value)) {
      const count = (value.length - 2) / 2;
      if (!this.keeps(count, LONG_BYTES)) {
        out.byte(TAG.LONG_BYTES);
        out.varint(count);
        return;
      }
      out.byte(TAG.HEX);
      out.varint(count);
      out.reserve(count);
      for (let i = 0; i < count; i++) {
        out.bytes[out.length++] = (nibble(value.charCodeAt(2 + 2 * i)) << 4) | nibble(value.charCodeAt(3 + 2 * i));
      }
      return;
    }
    if (!this.keeps(value.length, LONG_TEXT)) {
      out.byte(TAG.LONG_TEXT);
      out.varint(value.length);
      out.text(this.overBudget() ? '' : value.slice(0, LONG_TEXT));
      return;
    }
    out.byte(TAG.STRING);
    out.text(value);
  }

  private array(values: JsonValue[]): void {
    const out = this.out;
    out.byte(TAG.ARRAY);
    const lengthAt = out.length;
    out.u32(0);
    out.varint(values.length);
    for (const v of values) {
      if (this.spent()) {
        out.byte(TAG.OMITTED);
        break;
      }
      this.value(v);
    }
    out.u32At(lengthAt, out.length - lengthAt - 4);
  }

  private object(value: { [key: string]: JsonValue }): void {
    const out = this.out;
    out.byte(TAG.OBJECT);
    const lengthAt = out.length;
    out.u32(0);
    const keys = Object.keys(value);
    out.varint(keys.length);
    for (const key of keys) {
      if (out.length >= this.limit + KEYS_PAST_BUDGET) {
        out.varint(OMITTED_KEY);
        break;
      }
      out.varint(this.keys.id(key));
      if (this.spent()) out.byte(TAG.OMITTED);
      else this.value(value[key]!);
    }
    out.u32At(lengthAt, out.length - lengthAt - 4);
  }
}

/** A lowercase hex digit's value (the string was checked by isLowerHexBytes). */
function nibble(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57;
}
