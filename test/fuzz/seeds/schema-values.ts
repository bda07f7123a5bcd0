import { hexSchema, type JsonSchema } from '../../../decoders/core/codec';
import type { MessageCodec } from '../../../decoders/core/dissector';
import { EncodeError, type JsonObject, type JsonValue } from '../../../decoders/core/json';
import type { Random } from '../random';

/**
 * Composer JSON made from the declarations' own JSON Schemas (every message's `body.schema()`): a value for every
 * message and every `anyOf` branch, which the protocol's encoder turns into seed bytes. A protocol is a declaration,
 * so a message added to one gets seeds here without a line of fuzzer code. The schemas use a small vocabulary
 * (object, array, integer, string with a hex or decimal pattern, boolean, null, enum, const, anyOf).
 */

const HEX_BYTES = /^\^0x\(\[0-9a-fA-F\]\{2\}\)(?:\{(\d+)\}|\*)\$$/;
const DECIMAL = '^\\d+$';
/** What the count in a fixed-size hex pattern counts, read from `hexSchema` itself: bytes, or hex digits. */
const HEX_COUNT_PER_BYTE = Number(HEX_BYTES.exec(String(hexSchema('probe', 1).pattern))?.[1] ?? 1);
const UINT_TITLE = /^uint(\d+)$/;
const IP_ADDRESSES = ['127.0.0.1', '10.0.0.2', '::1', '2001:db8::7'];

/** Integers on boundaries an RLP or SSZ integer codec checks, as JSON numbers or decimal strings. */
const BIG_DECIMALS = [
  '9007199254740992',
  '18446744073709551615',
  '18446744073709551616',
  '115792089237316195423570985008687907853269984665640564039457584007913129639935',
];

interface SchemaNode {
  title?: string;
  type?: string | string[];
  const?: JsonValue;
  enum?: JsonValue[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: JsonValue;
}

/** What a schema node's context says about it: the property it sits in, an enclosing `uintN` title. */
interface Hint {
  name?: string;
  bits?: number;
}

/** A random JSON value the schema accepts (short lists, boundary integers, random bytes of the declared length). */
export function valueFromSchema(schema: JsonSchema, rng: Random, depth = 0, hint: Hint = {}): JsonValue {
  const s = schema as SchemaNode;
  const bits = UINT_TITLE.exec(s.title ?? '')?.[1];
  if (bits !== undefined) hint = { ...hint, bits: Number(bits) };
  if (s.const !== undefined) return s.const;
  if (s.enum) return rng.pick(s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches && branches.length > 0) return valueFromSchema(rng.pick(branches) as JsonSchema, rng, depth + 1, hint);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const type =
    types.length > 1 && rng.chance(0.8)
      ? (types.find((t) => t !== 'null') ?? types[0])
      : rng.pick(types.length > 0 ? types : ['object']);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return rng.chance(0.5);
    case 'integer':
      return integerIn(
        rng,
        s.minimum ?? 0,
        s.maximum ?? (hint.bits !== undefined && hint.bits <= 32 ? 2 ** hint.bits - 1 : undefined),
      );
    case 'string':
      return stringFor(rng, s, hint);
    case 'array': {
      const max = Math.min(s.maxItems ?? Infinity, depth > 6 ? 1 : 3);
      const count = Math.max(s.minItems ?? 0, rng.below(Math.max(0, max) + 1));
      return Array.from({ length: count }, () => valueFromSchema((s.items ?? {}) as JsonSchema, rng, depth + 1, {}));
    }
    default: {
      const out: JsonObject = {};
      const required = new Set(s.required ?? []);
      for (const [name, property] of Object.entries(s.properties ?? {})) {
        if (!required.has(name) && !rng.chance(depth > 6 ? 0.1 : 0.5)) continue;
        out[name] = valueFromSchema(property as JsonSchema, rng, depth + 1, { name });
      }
      return out;
    }
  }
}

function integerIn(rng: Random, min: number, max: number | undefined): number {
  const top = max ?? 2 ** 32;
  const value = rng.weighted<() => number>([
    [3, () => min],
    [2, () => min + 1],
    [2, () => top],
    [4, () => min + rng.smallish(Math.min(top - min, 1 << 20))],
    [1, () => min + rng.below(Math.min(top - min, 2 ** 31) + 1)],
  ])();
  return Math.max(min, Math.min(top, value));
}

function stringFor(rng: Random, s: SchemaNode, hint: Hint): string {
  if (s.pattern === DECIMAL) {
    const bits = hint.bits ?? 256;
    const fitting = BIG_DECIMALS.filter((d) => BigInt(d) < 2n ** BigInt(bits));
    return fitting.length > 0 && rng.chance(0.5)
      ? rng.pick(fitting)
      : String(rng.smallish(2 ** Math.min(bits, 31) - 1));
  }
  const hex = s.pattern ? HEX_BYTES.exec(s.pattern) : null;
  if (hex) {
    const length =
      hex[1] !== undefined ? Number(hex[1]) / HEX_COUNT_PER_BYTE : rng.pick([0, 1, 2, 20, 32, rng.smallish(80)]);
    return `0x${Buffer.from(rng.bytes(length)).toString('hex')}`;
  }
  if (typeof s.default === 'string') return s.default;
  if (hint.name !== undefined && /(^|-)ip6?$/.test(hint.name)) return rng.pick(IP_ADDRESSES);
  return rng.pick(['', 'a', 'peerscope', 'les']);
}

/**
 * Up to `perMessage` encodings of every message a codec declares, each from its own schema value; values the
 * encoder refuses (constraints the schema does not state) are tried again with other values, a few times.
 */
export function encodedFromSchemas(
  codec: MessageCodec,
  rng: Random,
  perMessage: number,
  wrap: (message: string, fields: JsonValue) => JsonObject = (message, fields) => ({
    message,
    fields,
    code: rng.smallish(255),
  }),
): { message: string; bytes: Uint8Array }[] {
  const out: { message: string; bytes: Uint8Array }[] = [];
  for (const declared of codec.declaration.messages) {
    let made = 0;
    for (let attempt = 0; attempt < perMessage * 4 && made < perMessage; attempt++) {
      const fields = valueFromSchema(declared.body.schema(), rng);
      try {
        out.push({ message: declared.name, bytes: codec.encodeMessage(wrap(declared.name, fields)) });
        made++;
      } catch (e) {
        if (!(e instanceof EncodeError)) throw e;
      }
    }
  }
  return out;
}
