import { RLP } from '@ethereumjs/rlp';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { rlpBytes, rlpStruct, rlpUint } from '../codecs/rlp';
import { concatBytes, toHex } from '../core/bytes';
import { addNote, generatedLeaf, type Field } from '../core/field';
import { withGenerated } from '../ethereum/annotated-codec';
import { bigintOf, bytesOf, childNamed } from '../ethereum/field-values';
import { keccak256 } from '../ethereum/keccak';
import { keyValueList } from './key-value-list';
import { LES_NOTES } from './note-kinds';
import { ANNOUNCE_KEYS } from './status-keys';

/**
 * Announce (0x01): `[headHash, headNumber, headTd, reorgDepth, [[key, value], ...]]` (les.md §Announce). A signed
 * announcement (announceType 2) carries `sign`, a secp256k1 signature by the server's node key over
 * keccak256(rlp([headHash, headNumber, headTd])) (geth les announceData.sign): the signer's node id is recovered
 * here as a generated field, and the session compares it with the sender's key from the RLPx handshake.
 */

/** The signer's 64-byte node id (uncompressed public key without the 0x04 prefix), or why it cannot be recovered. */
export function recoverAnnounceSigner(
  headHash: Uint8Array,
  headNumber: bigint,
  headTd: bigint,
  sign: Uint8Array,
): { nodeId: Uint8Array } | { error: string } {
  if (sign.length !== 65) return { error: `sign has ${sign.length} bytes, a [R ‖ S ‖ V] signature 65` };
  // geth writes V as 0/1 (crypto.Sign); 27/28 is the other common convention.
  const v = sign[64]! >= 27 ? sign[64]! - 27 : sign[64]!;
  if (v > 1) return { error: `recovery id V = ${sign[64]}: must be 0 or 1` };
  const digest = keccak256(RLP.encode([headHash, headNumber, headTd]));
  try {
    const recovered = secp256k1.recoverPublicKey(concatBytes([Uint8Array.of(v), sign.subarray(0, 64)]), digest, {
      prehash: false,
    });
    return { nodeId: secp256k1.Point.fromBytes(recovered).toBytes(false).subarray(1) };
  } catch (e) {
    return { error: `no key recovers from this signature (${(e as Error).message})` };
  }
}

function signer(field: Field): Field[] {
  const sign = bytesOf(childNamed(childNamed(field, 'update'), 'sign'));
  const headHash = bytesOf(childNamed(field, 'headHash'));
  const headNumber = bigintOf(childNamed(field, 'headNumber'));
  const headTd = bigintOf(childNamed(field, 'headTd'));
  if (!sign || !headHash || headNumber === null || headTd === null) return [];
  const recovered = recoverAnnounceSigner(headHash, headNumber, headTd, sign);
  if ('error' in recovered) {
    const leaf = generatedLeaf('signer', null, 'not recoverable');
    addNote(leaf, 'error', LES_NOTES.announceSignature, recovered.error);
    return [leaf];
  }
  return [generatedLeaf('signer', toHex(recovered.nodeId), 'node id recovered from sign')];
}

export const announce = withGenerated(
  rlpStruct('Announce', [
    { name: 'headHash', codec: rlpBytes(32) },
    { name: 'headNumber', codec: rlpUint(64) },
    { name: 'headTd', codec: rlpUint(256) },
    { name: 'reorgDepth', codec: rlpUint(64) },
    { name: 'update', codec: keyValueList('AnnounceUpdate', ANNOUNCE_KEYS) },
  ]),
  signer,
  { signer: { type: ['string', 'null'], description: 'generated: the node id that signed (signed announcements)' } },
);
