import { decodeUtf8Strict, textEncoder, toHex } from '../core/bytes';
import type { Codec } from '../core/codec';
import { EncodeError } from '../core/json';
import { DecodeError } from '../core/reader';
import { readRlpHeader, rlpItem, rlpStruct } from '../codecs/rlp';

/**
 * RLP lists that later versions may extend (EIP-8 "forward compatibility"): the declared members in order, then any
 * further elements kept as `extra` (generic RLP), so a Hello or an EIP-8 auth body from a newer peer decodes, and
 * re-encodes byte for byte.
 */
export function rlpOpenStruct(
  typeName: string,
  members: readonly { name: string; codec: Codec; optional?: boolean }[],
): Codec {
  return rlpStruct(typeName, members, EIP8_EXTRA);
}

const EIP8_EXTRA = { name: 'extra', description: 'elements after the declared ones (EIP-8 forward compatibility)' };

/** An RLP string holding UTF-8 text (Hello's clientId, capability names): JSON is the text itself. */
export const rlpText: Codec = {
  typeName: 'text',
  decode(r, name) {
    const at = r.pos;
    const field = rlpItem.decode(r, name);
    if (field.shape !== 'leaf') throw new DecodeError(at, `${name}: expected text, found a list`, 'rlp.type');
    const h = readRlpHeader(r.bytes, at, r.end);
    const text = decodeUtf8Strict(r.bytes.subarray(h.payloadStart, h.payloadEnd));
    if (text === null) throw new DecodeError(h.payloadStart, `${name}: not valid UTF-8`, 'p2p.text');
    field.value = text;
    return field;
  },
  encode(value, w, path) {
    if (typeof value !== 'string') throw new EncodeError(path, `expected text, got ${JSON.stringify(value)}`);
    rlpItem.encode(toHex(textEncoder.encode(value)), w, path, {});
  },
  schema: () => ({ title: 'text', type: 'string' }),
};

/** Decodes an EIP-8 handshake body: the RLP list, then the padding the sender added (an encoding detail). */
export function withTrailingPadding(codec: Codec): Codec {
  return {
    typeName: codec.typeName,
    decode(r, name) {
      const field = codec.decode(r, name);
      if (r.pos < r.end) {
        const start = r.pos;
        const padding = r.take(r.remaining, 'padding');
        (field.children ??= []).push({
          name: 'padding',
          shape: 'leaf',
          value: toHex(padding),
          display: `${padding.length} bytes of padding`,
          start,
          end: r.pos,
          encoding: true,
        });
        field.end = r.pos;
      }
      return field;
    },
    encode: (value, w, path, options) => codec.encode(value, w, path, options),
    schema: () => codec.schema(),
  };
}
