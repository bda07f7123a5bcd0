import type { Codec, JsonSchema } from '../core/codec';
import { generatedLeaf, type Field } from '../core/field';
import { EncodeError, isJsonObject, type JsonObject } from '../core/json';
import { ByteReader, DecodeError } from '../core/reader';

/** One wire shape of a value, e.g. ResumeMsg as `[BV]` (spec) or a bare BV (geth). */
export interface Variant {
  form: string;
  codec: Codec;
  /** What the generated form field shows: where the shape comes from. */
  display: string;
}

export interface VariantCodec extends Codec {
  readonly variants: readonly Variant[];
  /** Decodes trying the forms in `order` first (what the connection has seen), then the others. */
  decodePreferring(r: ByteReader, name: string, order: readonly string[]): Field;
}

/**
 * A value with several wire shapes. Decoding tries each shape in turn and keeps the first that reads completely;
 * when none does, the partial tree of the shape that got furthest carries the error. With `formField`, the tree
 * says which shape it was as a generated field, and the encoder reads that field back (default: the first shape).
 * Without it, `select` picks the shape from the JSON's members.
 */
export function variantCodec(
  typeName: string,
  variants: readonly Variant[],
  options: { formField?: string; select?: (value: JsonObject) => string | undefined } = {},
): VariantCodec {
  const byForm = new Map(variants.map((v) => [v.form, v]));
  const decodeIn = (r: ByteReader, name: string, order: readonly Variant[]): Field => {
    let furthest: DecodeError | null = null;
    for (const variant of order) {
      const attempt = new ByteReader(r.bytes, r.pos, r.end);
      try {
        const field = variant.codec.decode(attempt, name);
        r.pos = attempt.pos;
        if (options.formField)
          (field.children ??= []).push(generatedLeaf(options.formField, variant.form, variant.display));
        return field;
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        if (!furthest || e.offset > furthest.offset) furthest = e;
      }
    }
    throw furthest ?? new DecodeError(r.pos, `${name}: no shape declared`, 'malformed');
  };
  return {
    typeName,
    variants,
    decode: (r, name) => decodeIn(r, name, variants),
    decodePreferring(r, name, order) {
      const preferred = order.map((f) => byForm.get(f)).filter((v): v is Variant => v !== undefined);
      return decodeIn(r, name, [...preferred, ...variants.filter((v) => !preferred.includes(v))]);
    },
    encode(value, w, path, encodeOptions) {
      let variant = variants[0]!;
      if (isJsonObject(value)) {
        const form = options.formField ? value[options.formField] : undefined;
        const chosen = typeof form === 'string' ? form : options.select?.(value);
        if (chosen !== undefined) {
          const found = byForm.get(chosen);
          if (!found) {
            const known = variants.map((v) => JSON.stringify(v.form)).join(', ');
            throw new EncodeError(
              path ? `${path}.${options.formField ?? 'form'}` : (options.formField ?? 'form'),
              `unknown form ${JSON.stringify(chosen)}; one of ${known}`,
            );
          }
          variant = found;
        }
      }
      variant.codec.encode(value, w, path, encodeOptions);
    },
    schema(): JsonSchema {
      return {
        title: typeName,
        anyOf: variants.map((v) => {
          const schema = v.codec.schema();
          if (!options.formField || typeof schema.properties !== 'object' || schema.properties === null) return schema;
          const form = { const: v.form, description: v.display };
          return {
            ...schema,
            properties: { ...(schema.properties as Record<string, JsonSchema>), [options.formField]: form },
          };
        }),
      };
    },
  };
}
