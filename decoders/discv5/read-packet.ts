import type { AesProvider } from '../core/aes';
import { toHex } from '../core/bytes';
import type { Direction, StreamPosition } from '../core/dissector';
import type { JsonValue } from '../core/json';
import type { Severity } from '../core/notes';
import type { UnmaskedPacket } from './masking';
import { decryptMessage } from './message-cipher';
import { DISCV5_NOTES } from './note-kinds';
import {
  FLAG,
  GCM_TAG_SIZE,
  HEADER_START,
  MAX_PACKET_SIZE,
  MESSAGE_HEADER_END,
  MIN_PACKET_SIZE,
  NONCE_SIZE,
  PROTOCOL_VERSION,
} from './packet-layout';

/** One unmasked datagram being read: what its header said, and what its packet tree will show beside it. */
export interface ReadPacket {
  direction: Direction;
  at: StreamPosition;
  datagram: Uint8Array;
  unmasked: UnmaskedPacket;
  nonce: Uint8Array;
  flag: number;
  /** Findings about the packet, attached to its tree. */
  notes: { severity: Severity; kind: string; text: string }[];
  /** Fields Peerscope computed about the packet (session origin, signature check, linked frames). */
  generated: { name: string; value: JsonValue }[];
  /** Set once the message decrypted: the ciphertext is then an encoding detail. */
  decrypted: boolean;
}

/** Reads the static header of an unmasked datagram and notes what breaks the v5.1 rules of the packet as a whole. */
export function readPacket(
  direction: Direction,
  datagram: Uint8Array,
  unmasked: UnmaskedPacket,
  at: StreamPosition,
): ReadPacket {
  const bytes = unmasked.packet;
  const packet: ReadPacket = {
    direction,
    at,
    datagram,
    unmasked,
    nonce: bytes.slice(HEADER_START + 9, HEADER_START + 9 + NONCE_SIZE),
    flag: bytes[HEADER_START + 8]!,
    notes: [],
    generated: [],
    decrypted: false,
  };
  const version = (bytes[HEADER_START + 6]! << 8) | bytes[HEADER_START + 7]!;
  if (version !== PROTOCOL_VERSION) {
    noteOn(packet, 'warning', DISCV5_NOTES.version, `version ${version}; v5.1 sends ${PROTOCOL_VERSION}`);
  }
  if (datagram.length < MIN_PACKET_SIZE || datagram.length > MAX_PACKET_SIZE) {
    const severity = datagram.length < MIN_PACKET_SIZE ? 'error' : 'warning';
    const text = `${datagram.length} bytes: packets have ${MIN_PACKET_SIZE} to ${MAX_PACKET_SIZE}`;
    noteOn(packet, severity, DISCV5_NOTES.packetSize, text);
  }
  if (unmasked.truncated) {
    noteOn(packet, 'error', DISCV5_NOTES.authdata, 'authdata-size reaches beyond the end of the datagram');
  }
  return packet;
}

/**
 * An ordinary message packet with a src-id for authdata and no findings: its tree (fixed-size header fields,
 * the src-id, the message) holds no notes.
 */
export function isPlainPacket(packet: ReadPacket): boolean {
  const { headerEnd, truncated } = packet.unmasked;
  return packet.flag === FLAG.message && !truncated && headerEnd === MESSAGE_HEADER_END && packet.notes.length === 0;
}

export function noteOn(packet: ReadPacket, severity: Severity, kind: string, text: string): void {
  packet.notes.push({ severity, kind, text });
}

/** Decrypts the packet's message with `key`; null when it does not authenticate (or cannot hold a tag). */
export function decryptPacket(aes: AesProvider, packet: ReadPacket, key: Uint8Array): Uint8Array | null {
  const { unmasked } = packet;
  if (packet.datagram.length - unmasked.headerEnd < GCM_TAG_SIZE) {
    if (!packet.notes.some((n) => n.kind === DISCV5_NOTES.messagePart)) {
      noteOn(packet, 'error', DISCV5_NOTES.messagePart, 'the message is shorter than a GCM tag');
    }
    return null;
  }
  return decryptMessage(aes, key, packet.nonce, unmasked.packet, unmasked.headerEnd);
}

/** The unmasked header (static header || authdata): the bytes of HEADER_SOURCE. */
export function headerBytes(packet: ReadPacket): Uint8Array {
  return packet.unmasked.packet.subarray(HEADER_START, packet.unmasked.headerEnd);
}

/** A node id in note texts: full 0x-hex, so it can be searched for and pasted. */
export function nodeText(id: Uint8Array): string {
  return toHex(id);
}
