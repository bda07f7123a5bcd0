import { toHex } from '../core/bytes';
import { addNote, generatedLeaf, type Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import type { Severity } from '../core/notes';
import { PROTOCOL } from './p2p-messages';

/** Why stream bytes are shown undecrypted, as the note the message carries. */
export interface OpaqueReason {
  severity: Severity;
  kind: string;
  text: string;
}

/**
 * Bytes of one direction that could not be decrypted, as one `Encrypted` message per burst of stream data (per TCP
 * segment as reassembly delivers them): without keys the frame sizes inside cannot be read, so a burst is the
 * finest unit there is. The fields are the byte count and the ciphertext.
 */
export function encryptedMessage(bytes: Uint8Array, reasons: readonly OpaqueReason[]): DecodedMessage {
  const ciphertext: Field = { name: 'ciphertext', shape: 'leaf', value: toHex(bytes), start: 0, end: bytes.length };
  const root: Field = {
    name: PROTOCOL,
    shape: 'struct',
    start: 0,
    end: bytes.length,
    children: [generatedLeaf('length', bytes.length, `${bytes.length} bytes`), ciphertext],
  };
  for (const r of reasons) addNote(root, r.severity, r.kind, r.text);
  return { protocol: PROTOCOL, message: 'Encrypted', code: null, requestId: null, tree: root, bytes };
}
