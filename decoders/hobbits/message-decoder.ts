import { addNote, encodingLeaf, generatedLeaf, type Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import { toHex } from '../core/bytes';
import { UNKNOWN_PROTOCOL_MESSAGE } from './declaration';
import { frameLength, scanPrefix, type FramePrefix, type Framing, type PrefixScan } from './framing';
import { decodeGossip } from './gossip';
import type { MessageParts, ProtocolDecode } from './message-parts';
import { HOBBITS_NOTES } from './note-kinds';
import { bytesLeaf } from './payload-fields';
import { decodePing } from './ping';
import { binaryPrefixFields, protocolKind, textPrefixFields, textProtocolValue } from './prefix-fields';
import { decodeRpc } from './rpc';
import { decodeUnknownProtocol } from './unknown-protocol';

export const PROTOCOL_KEY = 'hobbits';

const FRAMING_DISPLAY: Record<Framing, string> = {
  'binary-v3': 'binary prefix, version 3 layout (16 bytes)',
  text: 'text request line (EWP 0.x, Lodestar)',
};

export interface MessageDecodeOptions {
  /** Run the rules that need the whole message (GOSSIP hash); off when a capture gap zero-filled part of it. */
  checks?: boolean;
}

/**
 * Decodes one framed message as it stands on the wire. Never throws: what cannot be read stays raw bytes with an
 * error note at the byte where it broke. Every byte of a valid message belongs to exactly one leaf.
 */
export function decodeHobbitsMessage(bytes: Uint8Array, options: MessageDecodeOptions = {}): DecodedMessage {
  const scan = scanPrefix(bytes);
  if (scan.kind !== 'prefix') return withoutPrefix(bytes, scan);
  const prefix = scan.prefix;
  const root: Field = { name: PROTOCOL_KEY, shape: 'struct', start: 0, end: bytes.length, children: [] };
  root.children!.push(
    generatedLeaf('framing', prefix.framing, FRAMING_DISPLAY[prefix.framing]),
    ...prefixFields(prefix, root),
  );
  const total = frameLength(prefix);
  if (bytes.length < total) {
    addNote(
      root,
      'error',
      HOBBITS_NOTES.truncated,
      `the prefix announces ${total} bytes, only ${bytes.length} are here`,
    );
  }
  const decoded = decodeProtocol(bytes, prefix, partsOf(prefix, bytes.length), options.checks ?? true);
  root.children!.push(...decoded.fields);
  if (bytes.length > total) {
    const trailing = encodingLeaf('trailing', toHex(bytes.subarray(total)), total, bytes.length);
    addNote(trailing, 'warning', HOBBITS_NOTES.trailing, `${bytes.length - total} bytes after the end of the message`);
    root.children!.push(trailing);
  }
  return {
    protocol: PROTOCOL_KEY,
    message: decoded.message,
    code: decoded.code,
    requestId: decoded.requestId,
    tree: root,
    bytes,
  };
}

function prefixFields(prefix: FramePrefix, root: Field): Field[] {
  if (prefix.framing === 'binary-v3') return binaryPrefixFields(prefix);
  const { fields, problems } = textPrefixFields(prefix);
  for (const problem of problems) addNote(root, 'error', HOBBITS_NOTES.textLine, problem);
  return fields;
}

function partsOf(prefix: FramePrefix, available: number): MessageParts {
  const headerStart = Math.min(prefix.length, available);
  const headerEnd = Math.min(prefix.length + prefix.headerLength, available);
  return {
    header: { start: headerStart, end: headerEnd },
    body: { start: headerEnd, end: Math.min(frameLength(prefix), available) },
  };
}

function decodeProtocol(bytes: Uint8Array, prefix: FramePrefix, parts: MessageParts, checks: boolean): ProtocolDecode {
  switch (protocolKind(protocolOf(prefix) ?? '')) {
    case 'RPC':
      return decodeRpc(bytes, parts);
    case 'GOSSIP':
      return decodeGossip(bytes, parts, { checks });
    case 'PING':
      return decodePing(bytes, parts);
    default:
      return decodeUnknownProtocol(bytes, parts);
  }
}

/** The protocol number (binary, Lodestar) or name (EWP 0.2); undefined when a text line lacks it. */
function protocolOf(prefix: FramePrefix): number | string | undefined {
  if (prefix.framing === 'binary-v3') return prefix.protocol;
  if (prefix.tokens.length < 4) return undefined;
  return textProtocolValue(prefix.tokens[1]!.text);
}

/** Bytes with no usable prefix: one raw leaf and the reason. */
function withoutPrefix(bytes: Uint8Array, scan: Exclude<PrefixScan, { kind: 'prefix' }>): DecodedMessage {
  const raw = bytesLeaf('bytes', bytes, 0, bytes.length);
  const textLine = bytes.length > 3 && bytes[3] === 0x20;
  if (scan.kind === 'need-more') {
    const [kind, text] = textLine
      ? [HOBBITS_NOTES.textLine, 'the request line has no newline']
      : [HOBBITS_NOTES.truncated, `${bytes.length} bytes: too short for an EWP prefix`];
    addNote(raw, 'error', kind, text);
  } else {
    addNote(raw, 'error', textLine ? HOBBITS_NOTES.textLine : HOBBITS_NOTES.framing, scan.reason);
  }
  const tree: Field = { name: PROTOCOL_KEY, shape: 'struct', start: 0, end: bytes.length, children: [raw] };
  return { protocol: PROTOCOL_KEY, message: UNKNOWN_PROTOCOL_MESSAGE, code: null, requestId: null, tree, bytes };
}
