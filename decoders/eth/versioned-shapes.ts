import type { JsonObject } from '../core/json';
import { variantCodec, type Variant, type VariantCodec } from '../ethereum/codec-variants';

/** A wire shape of one message and the protocol versions that use it. */
export interface VersionedShape extends Variant {
  since: number;
  until?: number;
}

export interface VersionedCodec extends VariantCodec {
  /** The shapes to try first for a connection at `version`: those of that version. */
  orderFor(version: number): string[];
}

/**
 * A message whose payload changed between versions (eth Status at eth/69, Receipts at eth/69 and eth/70): every
 * shape is readable at any version, the negotiated version's tried first; the encoder picks the shape from the
 * JSON's members (`select`), so no extra field is needed.
 */
export function versionedShapes(
  typeName: string,
  shapes: readonly VersionedShape[],
  select: (value: JsonObject) => string,
): VersionedCodec {
  const codec = variantCodec(typeName, shapes, { select });
  return {
    ...codec,
    orderFor: (version) =>
      shapes.filter((s) => version >= s.since && version <= (s.until ?? Infinity)).map((s) => s.form),
  };
}
