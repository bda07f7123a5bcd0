import { toHex } from '../core/bytes';
import { decodeAll } from '../core/codec';
import { addNote, fieldByPath, generatedLeaf, plainField, type Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import type { Note } from '../core/notes';
import { decodePlaintext, type PlaintextMessage } from './message-decoder';
import { discv5Declaration, DISCV5_PROTOCOL } from './messages-declaration';
import { HEADER_SOURCE, packetTree } from './packet-codec';
import { headerBytes, isPlainPacket, type ReadPacket } from './read-packet';
import type { TalkContext } from './talk-routing';

/**
 * The messages a discv5 flow emits and their trees. Byte ranges point into the datagram (the message's own
 * bytes), HEADER_SOURCE (the unmasked header) and MESSAGE_SOURCE (the plaintext); carried protocols' messages
 * get the same fields as an encoding subtree, with the datagram as PACKET_SOURCE.
 */

/** Byte source of a decrypted message (`message-type || RLP(message-data)`). */
export const MESSAGE_SOURCE = 'discv5 message';
/** Byte source of the whole datagram, for messages of carried protocols (whose own bytes are the payload). */
export const PACKET_SOURCE = 'discv5 packet';

/** The packet's tree with the notes and computed fields of its reading. */
export function packetField(packet: ReadPacket, datagramSource?: string): Field {
  const field = packetTree(packet.unmasked.packet, packet.datagram, packet.unmasked.headerEnd, datagramSource);
  if (packet.decrypted) {
    const message = fieldByPath(field, 'message');
    if (message) message.encoding = true;
  }
  for (const n of packet.notes) addNote(field, n.severity, n.kind, n.text);
  for (const g of packet.generated) field.children!.push(generatedLeaf(g.name, g.value));
  return field;
}

/** A packet shown as such: a WHOAREYOU, or a message that could not be decrypted. */
export function packetMessage(packet: ReadPacket, name: 'WHOAREYOU' | 'ENCRYPTED'): DecodedMessage {
  return {
    protocol: DISCV5_PROTOCOL,
    message: name,
    code: null,
    requestId: null,
    tree: root(packet.datagram, [packetField(packet)]),
    bytes: packet.datagram,
    sources: [{ name: HEADER_SOURCE, bytes: headerBytes(packet) }],
  };
}

/** A decrypted message: its fields first (what a reader looks for, and what a one-line summary shows), then its packet. */
export function decryptedMessage(
  packet: ReadPacket,
  decoded: PlaintextMessage,
  plaintext: Uint8Array,
  extra: readonly Field[],
): DecodedMessage {
  const tree = root(packet.datagram, [...inSource(decoded.fields, MESSAGE_SOURCE), ...extra, packetField(packet)]);
  if (decoded.notes?.length) tree.notes = decoded.notes;
  return {
    protocol: DISCV5_PROTOCOL,
    message: decoded.message,
    code: decoded.code,
    requestId: decoded.requestId,
    tree,
    bytes: packet.datagram,
    sources: [
      { name: HEADER_SOURCE, bytes: headerBytes(packet) },
      { name: MESSAGE_SOURCE, bytes: plaintext },
    ],
  };
}

/** A datagram whose header could not be unmasked: masking IV and masked bytes, and why. */
export function maskedMessage(datagram: Uint8Array, note: Omit<Note, 'field'>): DecodedMessage {
  const { field } = decodeAll(discv5Declaration.message('MASKED')!.body, datagram, DISCV5_PROTOCOL);
  addNote(field.children?.[0] ?? field, note.severity, note.kind, note.text);
  return { protocol: DISCV5_PROTOCOL, message: 'MASKED', code: null, requestId: null, tree: field, bytes: datagram };
}

/**
 * The discv5 side of a TALKREQ/TALKRESP, for the messages of the protocol it carries; `fieldsNoteless` when the
 * message's fields hold no note.
 */
export function talkContext(packet: ReadPacket, plaintext: Uint8Array, fieldsNoteless: boolean): TalkContext {
  // Each carried message gets its own copy of the message fields: decoded again, as `decoded` did.
  const children = (): Field[] => [
    packetField(packet, PACKET_SOURCE),
    ...inSource(decodePlaintext(plaintext).fields, MESSAGE_SOURCE),
  ];
  const noteless = isPlainPacket(packet) && fieldsNoteless;
  return {
    field: () => new TalkSubtree(children, noteless),
    sources: [
      { name: PACKET_SOURCE, bytes: packet.datagram },
      { name: HEADER_SOURCE, bytes: headerBytes(packet) },
      { name: MESSAGE_SOURCE, bytes: plaintext },
    ],
  };
}

/**
 * The `discv5` encoding subtree of a carried message, built when first read: `inspect --json` and summaries show
 * the carried protocol's fields and notes, so for most packets nobody reads it. Only a subtree known to hold no
 * notes may stay unbuilt (note collectors skip it); others are built at once.
 */
class TalkSubtree implements Field {
  readonly name = DISCV5_PROTOCOL;
  readonly shape = 'struct';
  readonly encoding = true;
  notes?: Note[];
  private built: Field[] | undefined;

  constructor(
    private readonly build: () => Field[],
    noteless: boolean,
  ) {
    if (!noteless) this.built = build();
  }

  get unbuilt(): boolean {
    return this.built === undefined;
  }

  get children(): Field[] {
    return (this.built ??= this.build());
  }
  set children(children: Field[]) {
    this.built = children;
  }

  toJSON(): Field {
    return plainField(this);
  }
}

function root(datagram: Uint8Array, children: Field[]): Field {
  return { name: DISCV5_PROTOCOL, shape: 'struct', start: 0, end: datagram.length, children };
}

function inSource(fields: Field[], source: string): Field[] {
  for (const f of fields) f.source = source;
  return fields;
}

/** For notes: a protocol id as hex with its text. */
export function protocolText(protocolId: Uint8Array): string {
  return `${toHex(protocolId)} (${JSON.stringify(new TextDecoder().decode(protocolId))})`;
}
