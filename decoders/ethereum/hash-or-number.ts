import { rlpBytes, rlpUint } from '../codecs/rlp';
import { hexSchema, type Codec } from '../core/codec';
import { DecodeError } from '../core/reader';
import { readRlpHeader } from '../codecs/rlp';

/**
 * A block named by hash or by number (the origin of a header query in eth and LES): a 32-byte string is a hash,
 * anything up to 8 bytes a number (go-ethereum HashOrNumber.DecodeRLP decides by length the same way).
 */

const hash = rlpBytes(32);
const number = rlpUint(64);

export const hashOrNumber: Codec = {
  typeName: 'HashOrNumber',
  decode(r, name) {
    const h = readRlpHeader(r.bytes, r.pos, r.end);
    const length = h.payloadEnd - h.payloadStart;
    if (h.isList || (length !== 32 && length > 8)) {
      throw new DecodeError(
        r.pos,
        `${name}: a block hash (32 bytes) or number (≤ 8 bytes), not ${h.isList ? 'a list' : `${length} bytes`}`,
        'rlp.size',
      );
    }
    const field = length === 32 ? hash.decode(r, name) : number.decode(r, name);
    field.display = `${String(field.value)} (${length === 32 ? 'hash' : 'number'})`;
    return field;
  },
  encode(value, w, path, options) {
    const isHash = typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value);
    (isHash ? hash : number).encode(value, w, path, options);
  },
  schema: () => ({ title: 'HashOrNumber', anyOf: [hexSchema('bytes32', 32), number.schema()] }),
};
