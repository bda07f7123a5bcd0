import { rlpStruct, rlpUint } from '../codecs/rlp';
import type { Codec } from '../core/codec';
import { DecodeError } from '../core/reader';
import { variantCodec } from '../ethereum/codec-variants';
import { payloadAsField } from '../ethereum/rlp-wrappers';

/**
 * StopMsg and ResumeMsg (les/3, les.md §StopMsg/§ResumeMsg). The spec gives StopMsg no payload and ResumeMsg `[BV]`;
 * geth sends StopMsg as the empty list `c0` and ResumeMsg as a bare integer BV (specs/les.md §1). Both shapes of
 * each are read, the tree says which (`form`), and a composer JSON without `form` gets geth's, which is what ran.
 */

/** No payload at all. */
const nothing: Codec = {
  typeName: 'Nothing',
  decode(r, name) {
    if (r.pos < r.end) throw new DecodeError(r.pos, `${name}: expected no payload`, 'rlp.shape');
    return { name, shape: 'struct', start: r.pos, end: r.pos, children: [] };
  },
  encode() {},
  schema: () => ({ type: 'object', properties: {} }),
};

export const stopMsg = variantCodec(
  'StopMsg',
  [
    { form: 'geth', codec: rlpStruct('StopMsg', []), display: 'the empty list c0, as geth sends it' },
    { form: 'empty', codec: nothing, display: 'no payload (les.md gives none)' },
  ],
  { formField: 'form' },
);

const BV = rlpUint(64);

export const resumeMsg = variantCodec(
  'ResumeMsg',
  [
    { form: 'geth', codec: payloadAsField('BV', BV), display: 'a bare integer BV, as geth sends it' },
    { form: 'spec', codec: rlpStruct('ResumeMsg', [{ name: 'BV', codec: BV }]), display: '[BV] as les.md writes it' },
  ],
  { formField: 'form' },
);
