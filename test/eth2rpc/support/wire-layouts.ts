import { concatBytes } from '../../../decoders/core/bytes';

/**
 * The three raw-TCP layouts written out by hand from the spec texts, independent of the encoder under test:
 * ETH ‖ SSZ wrapper (e0b4dd1a), the April-2019 fixed layout (f7ef9a1b), and the messaging.md envelope.
 */

export const ETH = new Uint8Array([0x45, 0x54, 0x48]);

export function u16le(v: number): Uint8Array {
  return new Uint8Array([v & 0xff, v >> 8]);
}

export function u32le(v: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, v, true);
  return out;
}

export function u64(v: bigint, order: 'le' | 'be' = 'le'): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, order === 'le');
  return out;
}

/** SSZ(Request|Response): id ‖ code ‖ offset 14 ‖ payload. */
export function sszWrapper(id: bigint, code: number, payload: Uint8Array): Uint8Array {
  return concatBytes([u64(id), u16le(code), u32le(14), payload]);
}

export function frameSsz(id: bigint, code: number, payload: Uint8Array): Uint8Array {
  return concatBytes([ETH, sszWrapper(id, code, payload)]);
}

export function frameFixed(id: bigint, code: number, payload: Uint8Array): Uint8Array {
  return concatBytes([ETH, u64(id), u16le(code), u32le(payload.length), payload]);
}

export function frameEnvelope(
  id: bigint,
  code: number,
  payload: Uint8Array,
  nibbles: 0x01 | 0x10 = 0x01,
  order: 'le' | 'be' = 'le',
): Uint8Array {
  const wrapper = sszWrapper(id, code, payload);
  return concatBytes([ETH, new Uint8Array([nibbles]), u64(BigInt(wrapper.length), order), wrapper]);
}

/** A request body in the union: 4-byte little-endian type index ‖ the container. */
export function withUnionIndex(index: number, body: Uint8Array): Uint8Array {
  return concatBytes([u32le(index), body]);
}

export type FramingCase =
  { framing: 'ssz' } | { framing: 'fixed' } | { framing: 'envelope'; nibbles: 0x01 | 0x10; order: 'le' | 'be' };

export const FRAMING_CASES: readonly FramingCase[] = [
  { framing: 'ssz' },
  { framing: 'fixed' },
  { framing: 'envelope', nibbles: 0x01, order: 'le' },
  { framing: 'envelope', nibbles: 0x10, order: 'le' },
  { framing: 'envelope', nibbles: 0x01, order: 'be' },
];

export function frameAs(c: FramingCase, id: bigint, code: number, payload: Uint8Array): Uint8Array {
  if (c.framing === 'ssz') return frameSsz(id, code, payload);
  if (c.framing === 'fixed') return frameFixed(id, code, payload);
  return frameEnvelope(id, code, payload, c.nibbles, c.order);
}

export function describeFraming(c: FramingCase): string {
  return c.framing === 'envelope' ? `envelope 0x${c.nibbles.toString(16).padStart(2, '0')} ${c.order}` : c.framing;
}
