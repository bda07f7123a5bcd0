import { walk } from '../codecs/ssz';
import { bytesEqual, decodeUtf8Strict, textEncoder, toHex } from '../core/bytes';
import { addNote, encodingLeaf, generatedLeaf, leaf, type Field } from '../core/field';
import { integerToJson } from '../core/json';
import { DecodeError } from '../core/reader';
import { PREFIX, PREFIX_LENGTH, type Framing, type LengthOrder, type WrapperHeader } from './framing';
import { methodById, RESERVED_RESPONSE_CODES, RESPONSE_CODES, type SszType } from './methods';
import { describeReading, messageName, type BodyUnion, type Reading } from './readings';
import { ETH2RPC_NOTES } from './note-kinds';

/** The Field tree of a message read one way: header fields with their bytes, the body or result, generated readings. */

const FRAMING_DISPLAY: Record<Framing, string> = {
  ssz: 'ETH ‖ SSZ(Request|Response) (rpc-interface.md @ e0b4dd1a)',
  fixed: 'ETH ‖ id ‖ code ‖ length ‖ payload (April-2019 layout, f7ef9a1b)',
  envelope: 'ETH ‖ messaging.md envelope ‖ SSZ(Request|Response)',
};

const UNION_DISPLAY: Record<BodyUnion, string> = {
  position: 'union index = position of the body in the union (natural reading)',
  method_id: 'union index = method_id',
  none: 'no union index (body: bytes, method_id selects the type)',
};

export function buildTree(bytes: Uint8Array, reading: Reading): Field {
  const { header } = reading;
  const children: Field[] = [generatedLeaf('framing', header.framing, FRAMING_DISPLAY[header.framing])];
  if (reading.role === 'request' && reading.method) {
    children.push(generatedLeaf('body_union', reading.union, UNION_DISPLAY[reading.union]));
  }
  children.push(encodingLeaf('prefix', PREFIX, 0, PREFIX_LENGTH, 'ETH (0x455448)'));
  if (header.envelope) children.push(envelopeField(header, bytes));
  children.push(...wrapperFields(bytes, reading));
  if (misframed(header, bytes)) children.push(misframedPayload(bytes, reading));
  else children.push(reading.role === 'request' ? requestBody(bytes, reading) : responseResult(bytes, reading));
  return { name: messageName(reading), shape: 'struct', start: 0, end: bytes.length, children };
}

/** Bytes that are not a framed message: one raw leaf and the reason. */
export function malformedTree(name: string, bytes: Uint8Array, reason: string): Field {
  const raw = leaf('bytes', toHex(bytes), 0, bytes.length);
  addNote(raw, 'error', ETH2RPC_NOTES.malformed, reason);
  return { name, shape: 'struct', start: 0, end: bytes.length, children: [raw] };
}

function envelopeField(header: WrapperHeader, bytes: Uint8Array): Field {
  const { nibbles, bodyLength, order } = header.envelope!;
  const length = leaf('body_length', bodyLength, 4, 12, `${bodyLength} bytes (uint64 ${orderName(order)})`);
  if (!misframed(header, bytes)) length.encoding = true;
  const children = [
    leaf('nibbles', nibbles, 3, 4, nibblesDisplay(nibbles)),
    length,
    generatedLeaf('length_order', order, `body length read ${orderName(order)}`),
  ];
  return { name: 'envelope', shape: 'struct', start: 3, end: 12, children };
}

function nibblesDisplay(nibbles: number): string {
  return nibbles === 0x01
    ? 'compression 0x0 none (high nibble) · encoding 0x1 SSZ (low nibble)'
    : 'encoding 0x1 SSZ (high nibble) · compression 0x0 none (low nibble)';
}

function orderName(order: LengthOrder): string {
  return order === 'le' ? 'little-endian' : 'big-endian';
}

function wrapperFields(bytes: Uint8Array, reading: Reading): Field[] {
  const { header } = reading;
  const w = header.wrapperStart;
  const id = leaf('id', integerToJson(header.id), w, w + 8);
  const code =
    reading.role === 'request'
      ? leaf('method_id', header.code, w + 8, w + 10, methodDisplay(header.code))
      : leaf('response_code', header.code, w + 8, w + 10, responseCodeDisplay(header.code));
  const lengthName = header.framing !== 'fixed' ? 'offset' : reading.role === 'request' ? 'body_len' : 'result_len';
  const display = header.framing === 'fixed' ? `${header.lengthField} bytes` : `offset ${header.lengthField}`;
  const length = leaf(lengthName, header.lengthField, w + 10, w + 14, display);
  // A wrong stated length stays in the JSON, so that `keepLengths` can write the message back as it was.
  if (header.framing !== 'fixed' || !misframed(header, bytes)) length.encoding = true;
  return [id, code, length];
}

function misframed(header: WrapperHeader, bytes: Uint8Array): boolean {
  return header.length !== null && header.length !== bytes.length;
}

function methodDisplay(code: number): string {
  const method = methodById(code);
  return method ? `${method.name} (${code})` : `unknown method (${code})`;
}

function responseCodeDisplay(code: number): string {
  const name = RESPONSE_CODES[code];
  if (name !== undefined) return `${name} (${code})`;
  return code < RESERVED_RESPONSE_CODES ? `reserved (${code})` : `application-defined (${code})`;
}

function requestBody(bytes: Uint8Array, reading: Reading & { role: 'request' }): Field {
  const start = reading.header.payloadStart;
  const method = reading.method;
  if (!method) return rawLeaf('body', bytes, start);
  if (!reading.fits) return brokenPayload('body', bytes, reading, method.request, reading.union === 'none' ? 0 : 4);
  if (reading.union === 'none') return walkOrRaw(method.request, bytes, start, 'body');
  const index = encodingLeaf(
    'union_index',
    reading.union === 'position' ? method.position : method.id,
    start,
    start + 4,
  );
  index.display = `${index.value as number}: ${reading.union === 'position' ? 'position' : 'method id'} of ${method.name}`;
  const container = walkOrRaw(method.request, bytes, start + 4, 'body');
  if (container.shape === 'leaf') return container;
  return { ...container, start, children: [index, ...container.children!] };
}

function responseResult(bytes: Uint8Array, reading: Reading & { role: 'response' }): Field {
  const start = reading.header.payloadStart;
  if (reading.result === 'error') return errorDetails(bytes, start);
  const type = reading.method?.response;
  if (reading.result === 'raw' || !type || type === 'unspecified') return rawLeaf('result', bytes, start);
  if (!reading.fits) return brokenPayload('result', bytes, reading, type, 0);
  return walkOrRaw(type, bytes, start, 'result');
}

/** A stated length that does not match the message: the payload stays bytes. */
function misframedPayload(bytes: Uint8Array, reading: Reading): Field {
  const field = rawLeaf(reading.role === 'request' ? 'body' : 'result', bytes, reading.header.payloadStart);
  const stated = reading.header.length! - reading.header.payloadStart;
  const text = `the length field says ${stated} bytes follow, the message has ${bytes.length - reading.header.payloadStart}`;
  addNote(field, 'error', ETH2RPC_NOTES.framingLength, text);
  return field;
}

function rawLeaf(name: string, bytes: Uint8Array, start: number): Field {
  return leaf(name, toHex(bytes.subarray(start)), start, bytes.length);
}

/** Error details (§RPC-over-libp2p rule 6): text when they are UTF-8, else bytes. */
function errorDetails(bytes: Uint8Array, start: number): Field {
  const details = bytes.subarray(start);
  const text = details.length > 0 ? decodeUtf8Strict(details) : null;
  // The decoder drops a byte-order mark: such text would not encode back to the same bytes.
  const plain = isPlainText(text) && bytesEqual(textEncoder.encode(text!), details);
  const field = leaf('result', plain ? text! : toHex(details), start, bytes.length);
  if (text !== null) field.display = JSON.stringify(text);
  return field;
}

/** Text that reads back as text: printable, and not mistaken for 0x-hex when encoded again. */
function isPlainText(text: string | null): boolean {
  if (text === null || text.length === 0 || /^0x([0-9a-fA-F]{2})*$/.test(text)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
}

/** A payload that does not fit its type: kept as bytes, with the walker's error at the byte where it broke. */
function brokenPayload(name: string, bytes: Uint8Array, reading: Reading, type: SszType, skip: number): Field {
  const start = reading.header.payloadStart;
  const field = rawLeaf(name, bytes, start);
  const error = walkError(type, bytes, start + skip, bytes.length);
  const where = error ? `: ${error.message} (byte ${error.offset})` : '';
  addNote(
    field,
    'error',
    ETH2RPC_NOTES.payloadMalformed,
    `not a valid ${type.typeName} as ${describeReading(reading)}${where}`,
  );
  return field;
}

function walkError(type: SszType, bytes: Uint8Array, start: number, end: number): DecodeError | null {
  try {
    walk(type, bytes, start, end, 'x');
    return null;
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
}

/** Walks a payload the readings found well-formed; should the walker still refuse it, the bytes stay raw. */
function walkOrRaw(type: SszType, bytes: Uint8Array, start: number, name: string): Field {
  try {
    return walk(type, bytes, start, bytes.length, name);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const field = rawLeaf(name, bytes, start);
    addNote(field, 'error', ETH2RPC_NOTES.payloadMalformed, `${e.message} (byte ${e.offset})`);
    return field;
  }
}
