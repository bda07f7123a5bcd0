import { RLP } from '@ethereumjs/rlp';
import { concatBytes, toHex } from '../core/bytes';
import { addNote, generatedLeaf, type Field } from '../core/field';
import type { DecodedMessage } from '../core/message';
import { DecodeError } from '../core/reader';
import { readRlpHeader } from '../codecs/rlp';
import type { OpaqueReason } from './encrypted-message';
import { FRAME_HEAD_LENGTH, FRAME_HEADER_LENGTH, paddedFrameSize } from './frame-cipher';
import { FRAME_MAC_LENGTH } from './mac';
import { RLPX_NOTES } from './note-kinds';
import { decodeP2pMessage } from './p2p-messages';
import { MAX_DECOMPRESSED_SIZE, snappyDecompress } from './snappy';

/** Byte source names a decrypted frame's messages refer to (the hex pane's tabs). */
export const ENCRYPTED_FRAME = 'encrypted frame';
export const DECRYPTED_FRAME = 'decrypted frame';

/**
 * One frame after decryption. `wire` is the frame as sent; `clear` has the same layout and offsets with the header
 * and body decrypted (MACs stay as they are), so one set of ranges serves both byte sources.
 */
export interface OpenedFrame {
  wire: Uint8Array;
  clear: Uint8Array;
  size: number;
}

/** msg-data as the message's decoder should see it, after snappy if the sender used it. */
export interface ResolvedPayload {
  data: Uint8Array;
  compressed: boolean;
  notes: OpaqueReason[];
}

function isOneRlpItem(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  try {
    return readRlpHeader(bytes, 0, bytes.length).payloadEnd === bytes.length;
  } catch (e) {
    if (e instanceof DecodeError) return false;
    throw e;
  }
}

/**
 * Decides whether msg-data is snappy-compressed. Expected (both Hellos ≥ 5, not the Hello itself): decompress,
 * within the 16 MiB limit read from the length varint. A message that only reads the other way round is taken that
 * way with a note: ethereumjs sends its Disconnect uncompressed.
 */
export function resolvePayload(payload: Uint8Array, snappyExpected: boolean): ResolvedPayload {
  if (!snappyExpected) {
    if (isOneRlpItem(payload)) return { data: payload, compressed: false, notes: [] };
    const tried = snappyDecompress(payload, MAX_DECOMPRESSED_SIZE);
    if (tried.ok && isOneRlpItem(tried.data)) {
      return {
        data: tried.data,
        compressed: true,
        notes: [
          note('warning', RLPX_NOTES.snappyUnexpected, 'snappy-compressed before both Hellos announced version 5'),
        ],
      };
    }
    return { data: payload, compressed: false, notes: [] };
  }
  const result = snappyDecompress(payload, MAX_DECOMPRESSED_SIZE);
  if (result.ok) return { data: result.data, compressed: true, notes: [] };
  if (result.kind !== 'too-large' && isOneRlpItem(payload)) {
    return {
      data: payload,
      compressed: false,
      notes: [
        note('warning', RLPX_NOTES.snappyMissing, 'sent uncompressed although both Hellos announced version ≥ 5'),
      ],
    };
  }
  const kind = result.kind === 'too-large' ? RLPX_NOTES.snappyTooLarge : RLPX_NOTES.snappyMalformed;
  return { data: payload, compressed: false, notes: [note('error', kind, `${result.reason}; shown as sent`)] };
}

function note(severity: OpaqueReason['severity'], kind: string, text: string): OpaqueReason {
  return { severity, kind, text };
}

/** The frame's layout as encoding fields over the decrypted frame: size, header-data, MACs, msg-id, padding. */
export function frameField(frame: OpenedFrame, codeLength: number, payload: ResolvedPayload): Field {
  const { clear, size } = frame;
  const padded = paddedFrameSize(size);
  const headerDataEnd = headerDataLength(clear);
  const children: Field[] = [
    leaf('frameSize', size, 0, 3, `${size} bytes`),
    headerDataField(clear, headerDataEnd),
    leaf('headerMac', toHex(clear, FRAME_HEADER_LENGTH, FRAME_HEAD_LENGTH), FRAME_HEADER_LENGTH, FRAME_HEAD_LENGTH),
    leaf(
      'msgId',
      toHex(clear, FRAME_HEAD_LENGTH, FRAME_HEAD_LENGTH + codeLength),
      FRAME_HEAD_LENGTH,
      FRAME_HEAD_LENGTH + codeLength,
    ),
  ];
  const dataStart = FRAME_HEAD_LENGTH + codeLength;
  const dataEnd = FRAME_HEAD_LENGTH + size;
  const msgData = leaf('msgData', toHex(clear, dataStart, dataEnd), dataStart, dataEnd);
  msgData.display = payload.compressed
    ? `snappy, ${dataEnd - dataStart} → ${payload.data.length} bytes`
    : `${dataEnd - dataStart} bytes, uncompressed`;
  children.push(msgData);
  const padding = leaf(
    'padding',
    toHex(clear, dataEnd, FRAME_HEAD_LENGTH + padded),
    dataEnd,
    FRAME_HEAD_LENGTH + padded,
  );
  if (clear.subarray(dataEnd, FRAME_HEAD_LENGTH + padded).some((b) => b !== 0)) {
    addNote(padding, 'warning', RLPX_NOTES.padding, 'frame padding is not zero');
  }
  children.push(padding);
  const macStart = FRAME_HEAD_LENGTH + padded;
  children.push(
    leaf('frameMac', toHex(clear, macStart, macStart + FRAME_MAC_LENGTH), macStart, macStart + FRAME_MAC_LENGTH),
  );
  return {
    name: 'frame',
    shape: 'struct',
    start: 0,
    end: clear.length,
    source: DECRYPTED_FRAME,
    encoding: true,
    children,
  };
}

function leaf(name: string, value: number | string, start: number, end: number, display?: string): Field {
  const field: Field = { name, shape: 'leaf', value, start, end, encoding: true };
  if (display !== undefined) field.display = display;
  return field;
}

/** header-data is an RLP list after the 3 size bytes; its end, or the whole rest of the header when it is not one. */
function headerDataLength(clear: Uint8Array): number {
  try {
    return readRlpHeader(clear, 3, FRAME_HEADER_LENGTH).payloadEnd;
  } catch (e) {
    if (e instanceof DecodeError) return FRAME_HEADER_LENGTH;
    throw e;
  }
}

/**
 * header-data (rlpx.md §5): [capability-id, context-id], both zero today and ignored by receivers. The pre-2016
 * framing draft put a protocol type, a context id and, in the first frame of a chunked packet, total-packet-size
 * there: noted, not reassembled (no deployed client sent chunked frames).
 */
function headerDataField(clear: Uint8Array, end: number): Field {
  const field = leaf('headerData', toHex(clear, 3, end), 3, end);
  let values: number[] | null = null;
  try {
    const decoded = RLP.decode(clear.subarray(3, end));
    if (Array.isArray(decoded))
      values = decoded.map((v) => (v instanceof Uint8Array ? v.reduce((n, b) => n * 256 + b, 0) : -1));
  } catch {
    values = null;
  }
  if (values === null) {
    addNote(field, 'info', RLPX_NOTES.headerData, 'header-data is not an RLP list (receivers ignore it)');
    return field;
  }
  field.display = `[${values.join(', ')}]`;
  if (values.length === 3) {
    addNote(
      field,
      'warning',
      RLPX_NOTES.headerData,
      `chunked frame header (total-packet-size ${values[2]}): multi-frame packets of the old framing draft are not reassembled`,
    );
  } else if (values.some((v) => v !== 0)) {
    addNote(
      field,
      'info',
      RLPX_NOTES.headerData,
      `header-data [${values.join(', ')}] instead of [0, 0] (receivers ignore it)`,
    );
  }
  return field;
}

/** A base-protocol message (id below 0x10) or a frame nothing decodes, with the frame's fields and byte sources. */
export function frameMessage(
  frame: OpenedFrame,
  code: number | null,
  codeLength: number,
  payload: ResolvedPayload,
  extra: Field[] = [],
): DecodedMessage {
  const frameData = frame.clear.subarray(FRAME_HEAD_LENGTH, FRAME_HEAD_LENGTH + frame.size);
  const bytes = code === null ? frameData : concatBytes([frameData.subarray(0, codeLength), payload.data]);
  const message = decodeP2pMessage(bytes);
  const tree = message.tree;
  tree.children!.unshift(frameField(frame, codeLength, payload));
  tree.children!.push(...extra);
  for (const n of payload.notes) addNote(tree, n.severity, n.kind, n.text);
  message.sources = [
    { name: ENCRYPTED_FRAME, bytes: frame.wire },
    { name: DECRYPTED_FRAME, bytes: frame.clear },
  ];
  return message;
}

/** Generated fields naming the capability a Raw message belongs to. */
export function capabilityFields(label: string, relativeCode: number): Field[] {
  return [generatedLeaf('capability', label), generatedLeaf('capabilityCode', relativeCode)];
}
