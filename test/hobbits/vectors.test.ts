import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldsJson } from '../../decoders/core/field';
import { hobbits } from '../../decoders/hobbits';
import { coverageProblems } from '../support/field-coverage';

interface BinaryVector {
  name: string;
  version: number;
  protocol: number;
  header_utf8?: string;
  body_utf8?: string;
  header_hex?: string;
  body_hex?: string;
  hex: string;
  size?: number;
}
interface TextVector {
  name: string;
  message: string;
  parsed?: { version: string; protocol: string; header: string; body: string };
  expect_error?: string;
}

const vectors = JSON.parse(readFileSync(new URL('../vectors/hobbits.json', import.meta.url), 'utf8'));
const binaryVectors: BinaryVector[] = vectors.binary_v3;
const textVectors: TextVector[] = vectors.text_era;
const conformance: { desc: string; marshalled: string }[] = vectors.deltap2p_conformance_text_0_2.requests;

const utf8 = (text: string) => new TextEncoder().encode(text);
const hexOfText = (text: string) => toHex(utf8(text));
const noteKinds = (bytes: Uint8Array) => collectNotes(hobbits.decodeMessage(bytes).tree).map((n) => n.kind);

/** The YAML double-quoted escapes the conformance strings keep as written (tests.yaml). */
function unescapeYaml(text: string): Uint8Array {
  const escapes: Record<string, number> = {
    n: 0x0a,
    '0': 0x00,
    a: 0x07,
    b: 0x08,
    f: 0x0c,
    r: 0x0d,
    t: 0x09,
    v: 0x0b,
    '\\': 0x5c,
  };
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') out.push(text.charCodeAt(i));
    else out.push(escapes[text[++i]!]!);
  }
  return Uint8Array.from(out);
}

/** The bytes a raw payload stands for: its text when it is a text field, else its hex. */
function payloadHex(value: unknown): string {
  return typeof value === 'string' && !value.startsWith('0x') ? hexOfText(value) : String(value);
}

describe('go-hobbits and tuweni binary version-3 vectors', () => {
  it.each(binaryVectors.map((v) => [v.name, v] as const))('%s: reads version, protocol, header and body', (_, v) => {
    const bytes = fromHex(v.hex);
    const decoded = hobbits.decodeMessage(bytes);
    const fields = fieldsJson(decoded.tree);
    expect(fields).toMatchObject({ framing: 'binary-v3', version: v.version, protocol: v.protocol });
    expect(payloadHex(fields.header)).toBe(v.header_hex ? `0x${v.header_hex}` : hexOfText(v.header_utf8!));
    expect(payloadHex(fields.body)).toBe(v.body_hex !== undefined ? `0x${v.body_hex}` : hexOfText(v.body_utf8!));
    if (v.size !== undefined) expect(bytes.length).toBe(v.size);
    expect(coverageProblems(decoded.tree, bytes.length)).toEqual([]);
    expect(toHex(hobbits.encodeMessage({ message: decoded.message, fields }))).toBe(
      v.hex.startsWith('0x') ? v.hex : `0x${v.hex}`,
    );
  });

  it('shows the go-hobbits test strings as text beside their bytes, with errors for headers that are not BSON', () => {
    const rpc = hobbits.decodeMessage(fromHex(binaryVectors[0]!.hex));
    expect(rpc.message).toBe('RPC');
    expect(rpc.tree.children!.find((c) => c.name === 'header')!.display).toBe('"this is a header"');
    expect(noteKinds(fromHex(binaryVectors[0]!.hex))).toEqual(
      expect.arrayContaining(['hobbits.header.bson', 'hobbits.body.bson']),
    );
  });

  it('names the PING vectors PING and flags a header other than ping and a body other than 32 bytes', () => {
    expect(hobbits.decodeMessage(fromHex(binaryVectors[2]!.hex)).message).toBe('PING');
    expect(noteKinds(fromHex(binaryVectors[2]!.hex))).toEqual(['hobbits.ping.length']);
    expect(noteKinds(fromHex(binaryVectors[3]!.hex))).toEqual(['hobbits.ping.header', 'hobbits.ping.length']);
  });
});

describe('go-hobbits text-era vectors', () => {
  const valid = textVectors.filter((v) => v.parsed);
  it.each(valid.map((v) => [v.name, v] as const))('%s: reads the documented values', (_, v) => {
    const bytes = utf8(v.message);
    const decoded = hobbits.decodeMessage(bytes);
    const fields = fieldsJson(decoded.tree);
    expect(fields).toMatchObject({ framing: 'text', version: v.parsed!.version, protocol: v.parsed!.protocol });
    expect(payloadHex(fields.header)).toBe(hexOfText(v.parsed!.header));
    expect(payloadHex(fields.body)).toBe(hexOfText(v.parsed!.body));
    expect(coverageProblems(decoded.tree, bytes.length)).toEqual([]);
    expect(toHex(hobbits.encodeMessage({ message: decoded.message, fields }))).toBe(toHex(bytes));
  });

  const expectedKind: Record<string, string> = {
    'message request must contain 2 lines': 'hobbits.text.line',
    'not all metadata provided': 'hobbits.text.line',
    'EWP version cannot be parsed': 'hobbits.text.version',
  };
  const invalid = textVectors.filter((v) => v.expect_error);
  it.each(invalid.map((v) => [v.name, v] as const))('%s: yields an error note instead of throwing', (_, v) => {
    const decoded = hobbits.decodeMessage(utf8(v.message));
    const errors = collectNotes(decoded.tree).filter((n) => n.severity === 'error');
    expect(errors.map((n) => n.kind)).toContain(expectedKind[v.expect_error!]);
  });

  it('still frames a line without its protocol by its two lengths, keeping header and body', () => {
    const fields = fieldsJson(hobbits.decodeMessage(utf8('EWP 13.05 7 12\ntestingtesting body')).tree);
    expect(fields).toMatchObject({ version: '13.05', header: hexOfText('testing'), body: hexOfText('testing body') });
  });
});

describe('deltap2p conformance requests (EWP 0.2)', () => {
  it.each(conformance.map((c) => [c.desc, c] as const))('%s: frames by length and re-encodes exactly', (_, c) => {
    const bytes = unescapeYaml(c.marshalled);
    const decoded = hobbits.decodeMessage(bytes);
    const [, version, protocol, headerLength, bodyLength] = new TextDecoder()
      .decode(bytes.subarray(0, bytes.indexOf(0x0a)))
      .split(' ');
    const fields = fieldsJson(decoded.tree);
    expect(fields).toMatchObject({ framing: 'text', version, protocol });
    const line = bytes.indexOf(0x0a) + 1;
    const header = bytes.subarray(line, line + Number(headerLength));
    expect(payloadHex(fields.header)).toBe(toHex(header));
    expect(fields.body).toBe(
      toHex(bytes.subarray(line + Number(headerLength), line + Number(headerLength) + Number(bodyLength))),
    );
    expect(coverageProblems(decoded.tree, bytes.length)).toEqual([]);
    expect(collectNotes(decoded.tree).filter((n) => n.severity === 'error')).toEqual([]);
    expect(toHex(hobbits.encodeMessage({ message: decoded.message, fields }))).toBe(toHex(bytes));
  });

  it('flags the protocols the spec does not define (FOO, BAR, PONG) and names those messages UNKNOWN', () => {
    for (const word of ['FOO', 'BAR', 'PONG']) {
      const decoded = hobbits.decodeMessage(utf8(`EWP 0.2 ${word} 0 0\n`));
      expect(decoded.message).toBe('UNKNOWN');
      expect(collectNotes(decoded.tree).map((n) => n.kind)).toEqual(['hobbits.protocol.unknown']);
    }
  });
});

describe('the spec and protocol.md illustrations (not wire bytes)', () => {
  const illustrations: string[] = [
    vectors.spec_examples_text_rendering.gossip,
    vectors.spec_examples_text_rendering.ping,
    vectors.spec_examples_text_rendering.pong,
    vectors.protocol_md_0_2_examples.rpc_ping_request,
    vectors.protocol_md_0_2_examples.rpc_ping_response,
  ];
  it.each(illustrations.map((text) => [text.split('\n')[0], text] as const))(
    '%s: decodes with errors for what does not add up',
    (_, text) => {
      const decoded = hobbits.decodeMessage(utf8(text));
      expect(collectNotes(decoded.tree).some((n) => n.severity === 'error')).toBe(true);
    },
  );

  it('reads the ping illustration as a PING whose 32-byte body is cut short', () => {
    const decoded = hobbits.decodeMessage(utf8(vectors.spec_examples_text_rendering.ping));
    expect(decoded.message).toBe('PING');
    expect(fieldsJson(decoded.tree)).toMatchObject({ version: '3', protocol: 2, header: 'ping' });
    expect(collectNotes(decoded.tree).map((n) => n.kind)).toEqual(['hobbits.truncated', 'hobbits.ping.length']);
  });
});
