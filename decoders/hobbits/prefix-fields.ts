import { addNote, encodingLeaf, leaf, type Field } from '../core/field';
import { EncodeError } from '../core/json';
import { ByteWriter } from '../core/writer';
import { EWP_PROTOCOLS, type EwpProtocol } from './declaration';
import { EWP_VERSION, PREAMBLE, type BinaryPrefix, type LineToken, type TextPrefix } from './framing';
import { HOBBITS_NOTES } from './note-kinds';

/** The prefix as fields: preamble and lengths are encoding details, version and protocol are the message's. */

export function binaryPrefixFields(p: BinaryPrefix): Field[] {
  const version = leaf('version', p.version, 3, 7);
  if (p.version !== EWP_VERSION) {
    addNote(version, 'warning', HOBBITS_NOTES.version, `version ${p.version}; the spec defines version ${EWP_VERSION}`);
  }
  return [
    encodingLeaf('preamble', PREAMBLE, 0, 3),
    version,
    protocolLeaf(p.protocol, 7, 8),
    encodingLeaf('header_length', p.headerLength, 8, 12, `${p.headerLength} bytes`),
    encodingLeaf('body_length', p.bodyLength, 12, 16, `${p.bodyLength} bytes`),
  ];
}

function protocolLeaf(value: number | string, start: number, end: number): Field {
  const name = typeof value === 'number' ? EWP_PROTOCOLS[value] : undefined;
  const field = leaf('protocol', value, start, end, name === undefined ? undefined : `${name} (${value})`);
  if (protocolKind(value) === undefined) {
    addNote(
      field,
      'warning',
      HOBBITS_NOTES.protocolUnknown,
      `protocol ${value} is none of RPC (0), GOSSIP (1), PING (2)`,
    );
  }
  return field;
}

/** RPC, GOSSIP or PING for a protocol number (binary, Lodestar text) or name (EWP 0.2 text). */
export function protocolKind(value: number | string): EwpProtocol | undefined {
  if (typeof value === 'number') return EWP_PROTOCOLS[value];
  return value === 'RPC' || value === 'GOSSIP' || value === 'PING' ? value : undefined;
}

/** The protocol word of a text line: a number in Lodestar's lines, a name in EWP 0.2. */
export function textProtocolValue(word: string): number | string {
  return /^(0|[1-9]\d{0,2})$/.test(word) ? Number(word) : word;
}

const TEXT_LINE_FORM = 'EWP <version> <protocol> <header-length> <body-length>';

/**
 * Every word of the line and every separator as a field. Lines with words missing or extra still frame (the last two
 * words are the lengths) and carry an error, as go-hobbits refused them ("not all metadata provided").
 */
export function textPrefixFields(p: TextPrefix): { fields: Field[]; problems: string[] } {
  const fields: Field[] = [encodingLeaf('preamble', PREAMBLE, 0, 3)];
  const problems: string[] = [];
  const words = p.tokens;
  const roles = wordRoles(words.length);
  if (words.length < 4) problems.push(`not all metadata provided: expected ${TEXT_LINE_FORM}`);
  if (words.length > 4) problems.push(`${words.length - 4} unexpected word(s): expected ${TEXT_LINE_FORM}`);
  words.forEach((word, i) => {
    fields.push(encodingLeaf('separator', ' ', word.start - 1, word.start));
    fields.push(wordField(roles[i]!, word, problems));
  });
  fields.push(encodingLeaf('newline', '\n', p.length - 1, p.length));
  return { fields, problems };
}

type WordRole = 'version' | 'protocol' | 'unexpected' | 'header_length' | 'body_length';

/** With fewer than four words the protocol is missing first, then the version (the lengths are always last). */
function wordRoles(count: number): WordRole[] {
  const leading: WordRole[] = count >= 4 ? ['version', 'protocol'] : count === 3 ? ['version'] : [];
  const extra: WordRole[] = Array.from({ length: Math.max(0, count - 4) }, () => 'unexpected');
  return [...leading, ...extra, 'header_length', 'body_length'];
}

function wordField(role: WordRole, word: LineToken, problems: string[]): Field {
  if (word.text === '') problems.push(`empty word at byte ${word.start} (two spaces in a row)`);
  switch (role) {
    case 'version':
      return versionWord(word);
    case 'protocol':
      return protocolLeaf(textProtocolValue(word.text), word.start, word.end);
    case 'unexpected':
      return leaf('unexpected', word.text, word.start, word.end);
    default: {
      const length = Number(word.text);
      if (/^0\d/.test(word.text)) problems.push(`${role} ${JSON.stringify(word.text)} has a leading zero`);
      return encodingLeaf(role, length, word.start, word.end, `${length} bytes`);
    }
  }
}

/** go-hobbits parsed the text version as `<major>.<minor>`; Lodestar wrote `3`, the binary spec's version. */
function versionWord(word: LineToken): Field {
  const field = leaf('version', word.text, word.start, word.end);
  if (!/^\d+\.\d+$/.test(word.text) && word.text !== String(EWP_VERSION)) {
    addNote(field, 'error', HOBBITS_NOTES.textVersion, `EWP version ${JSON.stringify(word.text)} cannot be parsed`);
  }
  return field;
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding

export function encodeBinaryPrefix(
  version: number,
  protocol: number,
  headerLength: number,
  bodyLength: number,
): Uint8Array {
  return new ByteWriter()
    .ascii(PREAMBLE)
    .u32(version, false)
    .u8(protocol)
    .u32(headerLength, false)
    .u32(bodyLength, false)
    .finish();
}

export function encodeTextLine(
  version: string,
  protocol: string,
  headerLength: number,
  bodyLength: number,
): Uint8Array {
  for (const [path, word] of [
    ['version', version],
    ['protocol', protocol],
  ] as const) {
    if (!isLineWord(word)) throw new EncodeError(path, `${JSON.stringify(word)} must be one word of Latin-1 text`);
  }
  return new ByteWriter().ascii(`${PREAMBLE} ${version} ${protocol} ${headerLength} ${bodyLength}\n`).finish();
}

/** The decoder reads words as Latin-1 between single spaces, so any such word writes back as it was read. */
function isLineWord(word: string): boolean {
  if (word === '') return false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c > 0xff) return false;
  }
  return true;
}
