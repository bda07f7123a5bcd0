import type { Codec, JsonSchema } from '../core/codec';
import { declareClean, decodesClean } from '../codecs/rlp';
import { collectNotes, type Field } from '../core/field';
import { ByteReader } from '../core/reader';

/**
 * Codec decorators: after a value is decoded, add what Peerscope computes from it (a hash, a fork name, a code
 * hash) as generated fields, a display text, or notes. Encoding is the wrapped codec's: generated members of the
 * JSON are ignored by the struct encoders, so a decoded value still encodes back to its bytes.
 */

/** Adds generated leaves (hashes, names) to a decoded struct; `schema` describes them for the composer and filters. */
export function withGenerated(
  codec: Codec,
  generate: (field: Field, bytes: Uint8Array) => Field[],
  schema: Record<string, JsonSchema> = {},
): Codec {
  return {
    ...codec,
    decode(r, name) {
      const field = codec.decode(r, name);
      (field.children ??= []).push(...generate(field, r.bytes));
      return field;
    },
    schema() {
      const base = codec.schema();
      if (typeof base.properties !== 'object' || base.properties === null) return base;
      return { ...base, properties: { ...(base.properties as Record<string, JsonSchema>), ...schema } };
    },
  };
}

/**
 * Runs `annotate` on every decoded value: a display text, notes about the value alone. An item is clean when the
 * codec's is and `annotate` adds no note to the value decoded from it.
 */
export function annotated(codec: Codec, annotate: (field: Field, bytes: Uint8Array) => void): Codec {
  return declareClean(displayed(codec, annotate), (bytes, start, end) => {
    if (!decodesClean(codec, bytes, start, end)) return false;
    const field = codec.decode(new ByteReader(bytes, start, end), '');
    annotate(field, bytes);
    return collectNotes(field).length === 0;
  });
}

/** Sets a display text on every decoded value (`show` adds no note): clean whenever the codec is. */
export function displayed(codec: Codec, show: (field: Field, bytes: Uint8Array) => void): Codec {
  const shown: Codec = {
    ...codec,
    decode(r, name) {
      const field = codec.decode(r, name);
      show(field, r.bytes);
      return field;
    },
  };
  return declareClean(shown, (bytes, start, end) => decodesClean(codec, bytes, start, end));
}

/** Integer leaves shown with their name from `names` (`2 (pending)`), unknown values flagged by `unknown`. */
export function named(codec: Codec, names: Readonly<Record<number, string>>, unknown?: (field: Field) => void): Codec {
  return annotated(codec, (field) => {
    const label = typeof field.value === 'number' ? names[field.value] : undefined;
    if (label !== undefined) field.display = `${label} (${String(field.value)})`;
    else unknown?.(field);
  });
}
