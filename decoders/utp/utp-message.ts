import { toHex } from '../core/bytes';
import { addNote, leaf, struct } from '../core/field';
import type { DecodedMessage } from '../core/message';
import { UTP_NOTES } from './note-kinds';
import { decodeUtpPacket, type DecodedUtpPacket } from './packet-decoder';

export const UTP_PROTOCOL = 'utp';

/** The TALKRESP to a uTP packet: uTP never reads it (utp/discv5-utp.md), but it is shown. */
export const TALK_RESPONSE = 'TalkResponse';

/** One uTP packet as a message (no capture context): what `peerscope decode utp HEX` prints. */
export function utpPacketMessage(
  bytes: Uint8Array,
  requestId: string | null = null,
): DecodedUtpPacket & {
  decoded: DecodedMessage;
} {
  const packet = decodeUtpPacket(bytes);
  const decoded: DecodedMessage = {
    protocol: UTP_PROTOCOL,
    message: packet.message,
    code: packet.header?.type ?? null,
    requestId,
    tree: packet.tree,
    bytes,
  };
  return { ...packet, decoded };
}

/** A TALKRESP answering a uTP packet: its payload is ignored by uTP, and normally empty. */
export function talkResponseMessage(payload: Uint8Array, requestId: string | null): DecodedMessage {
  const field = leaf('payload', toHex(payload), 0, payload.length);
  if (payload.length > 0) {
    addNote(field, 'info', UTP_NOTES.talkResponse, `${payload.length} bytes that uTP ignores (utp/discv5-utp.md)`);
  }
  return {
    protocol: UTP_PROTOCOL,
    message: TALK_RESPONSE,
    code: null,
    requestId,
    tree: struct(TALK_RESPONSE, 0, [field], payload.length),
    bytes: payload,
  };
}
