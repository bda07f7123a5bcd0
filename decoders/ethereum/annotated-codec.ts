import type { Codec, JsonSchema } from '../core/codec';
import type { Field } from '../core/field';

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

/** Runs `annotate` on every decoded value: a display text, notes about the value alone. */
export function annotated(codec: Codec, annotate: (field: Field, bytes: Uint8Array) => void): Codec {
  return {
    ...codec,
    decode(r, name) {
      const field = codec.decode(r, name);
      annotate(field, r.bytes);
      return field;
    },
  };
}

/** Integer leaves shown with their name from `names` (`2 (pending)`), unknown values flagged by `unknown`. */
export function named(codec: Codec, names: Readonly<Record<number, string>>, unknown?: (field: Field) => void): Codec {
  return annotated(codec, (field) => {
    const label = typeof field.value === 'number' ? names[field.value] : undefined;
    if (label !== undefined) field.display = `${label} (${String(field.value)})`;
    else unknown?.(field);
  });
}
