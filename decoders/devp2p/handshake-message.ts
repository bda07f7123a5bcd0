import { keccak256 } from '../ethereum/keccak';
import { bytesEqual, toHex } from '../core/bytes';
import { decodeAll } from '../core/codec';
import { addNote, generatedLeaf, type Field } from '../core/field';
import type { KeyStore } from '../core/keys';
import type { DecodedMessage } from '../core/message';
import { readAckBody } from './ack-message';
import type { AesProvider } from './aes';
import { readAuthBody } from './auth-message';
import type { HandshakeFormat, HandshakePacketKind } from './handshake-format';
import { handshakePacketCodec } from './handshake-fields';
import { openHandshakePacket, oversizedPrefix } from './handshake-packet';
import type { RlpxKeyLookup } from './keylog';
import { RLPX_NOTES } from './note-kinds';
import { PROTOCOL } from './p2p-messages';
import { ecdhX, nodeIdOf, recoverNodeId } from './secp256k1-keys';

/** What a node key revealed about a handshake packet. */
export interface OpenedHandshake {
  /** Node id of the key that decrypted the packet (the packet's recipient). */
  recipientId: Uint8Array;
  /** auth: the initiator's node id; ack: undefined. */
  initiatorId?: Uint8Array;
}

export interface HandshakeMessage {
  message: DecodedMessage;
  opened: OpenedHandshake | null;
}

/**
 * An auth or ack packet as a message: its format, size prefix and ECIES parts; with a node key (`--node-key`) that
 * decrypts it, also its body (from the byte source `auth plaintext` / `ack plaintext`); for the auth, which key-log
 * entry (if any) names its session.
 */
export function handshakeMessage(
  aes: AesProvider,
  kind: HandshakePacketKind,
  format: HandshakeFormat,
  bytes: Uint8Array,
  keys: KeyStore,
  keyLookup: RlpxKeyLookup | null,
): HandshakeMessage {
  const { field } = decodeAll(handshakePacketCodec(kind, format), bytes, PROTOCOL);
  const root: Field = { ...field, name: PROTOCOL };
  const message: DecodedMessage = {
    protocol: PROTOCOL,
    message: kind === 'auth' ? 'Auth' : 'Ack',
    code: null,
    requestId: null,
    tree: root,
    bytes,
  };
  if (oversizedPrefix(format, bytes.length)) {
    addNote(root, 'warning', RLPX_NOTES.handshakeSize, 'size prefix above the 2048 bytes geth accepts');
  }
  if (keyLookup?.kind === 'found')
    root.children!.push(generatedLeaf('keyLog', keyLookup.source, `key-log entry ${keyLookup.source}`));
  if (keyLookup?.kind === 'invalid') {
    addNote(root, 'error', RLPX_NOTES.keyLogInvalid, `RLPX entry ${keyLookup.source} unusable: ${keyLookup.reason}`);
  }
  const opened = openWithNodeKeys(aes, kind, format, bytes, keys, message);
  return { message, opened };
}

function openWithNodeKeys(
  aes: AesProvider,
  kind: HandshakePacketKind,
  format: HandshakeFormat,
  bytes: Uint8Array,
  keys: KeyStore,
  message: DecodedMessage,
): OpenedHandshake | null {
  for (const key of keys.nodeKeys) {
    const plaintext = openHandshakePacket(aes, key, format, bytes);
    if (!plaintext) continue;
    const source = `${kind} plaintext`;
    message.sources = [{ name: source, bytes: plaintext }];
    const read = kind === 'auth' ? readAuthBody(format, plaintext) : readAckBody(format, plaintext);
    const body = withSource(read.field, source);
    message.tree.children!.push(body);
    const opened: OpenedHandshake = { recipientId: nodeIdOf(key) };
    if (!read.body) {
      addNote(body, 'error', RLPX_NOTES.handshakeBody, `decrypted with a node key, but not a ${format} ${kind} body`);
      return opened;
    }
    if ('initiatorId' in read.body) {
      const auth = read.body;
      opened.initiatorId = auth.initiatorId;
      const signed = ecdhX(key, auth.initiatorId).map((b, i) => b ^ auth.initiatorNonce[i]!);
      const ephemeral = recoverNodeId(auth.signature, signed);
      if (!ephemeral) {
        addNote(body, 'warning', RLPX_NOTES.handshakeSignature, 'the signature recovers to no key');
      } else {
        message.tree.children!.push(
          generatedLeaf('initiatorEphemeralKey', toHex(ephemeral), 'recovered from the signature'),
        );
        if (format === 'legacy' && !bytesEqual(keccak256(ephemeral), plaintext.subarray(65, 97))) {
          addNote(body, 'warning', RLPX_NOTES.handshakeSignature, 'ephemeralKeyHash does not match the recovered key');
        }
      }
    }
    return opened;
  }
  return null;
}

/** Marks a subtree as ranging over another byte source. */
function withSource(field: Field, source: string): Field {
  return { ...field, source };
}
