import { decodeAll } from '../core/codec';
import type { Field } from '../core/field';
import { enrCodec } from './enr-codec';
import { enrFromText } from './enr-text';

/**
 * Ethereum Node Records (EIP-778), shared by discv5 (NODES, handshake records) and Portal (Nodes, Content ENRs):
 * the annotated codec, the fact reader (node id, public key, key/value map, signature check) and the text form.
 */
export { enrCodec } from './enr-codec';
export { ENR_KEYS, enrValueCodec, type EnrKeyInfo } from './enr-keys';
export {
  enrIdentity,
  enrNodeId,
  enrPairMap,
  enrPublicKey,
  enrSequence,
  enrValueBytes,
  MAX_ENR_SIZE,
  readEnrRecord,
  verifyEnrSignature,
  type EnrPair,
  type EnrRecord,
} from './enr-record';
export { enrFromText, enrToText, ENR_TEXT_PREFIX } from './enr-text';
export {
  identityOfPrivateKey,
  nodeIdFromPublicKey,
  nodeIdOfPrivateKey,
  verifyV4Signature,
  type SignatureCheck,
} from './identity-v4';
export { ENR_NOTES } from './note-kinds';
export { ipAddressCodec, rlpTextCodec } from './rlp-value-codecs';

/** A whole record, from its RLP bytes or its `enr:` text, as a field tree (never throws). */
export function decodeEnr(input: Uint8Array | string): { field: Field; complete: boolean; bytes: Uint8Array } {
  const bytes = typeof input === 'string' ? (enrFromText(input) ?? new Uint8Array(0)) : input;
  return { ...decodeAll(enrCodec, bytes, 'enr'), bytes };
}
