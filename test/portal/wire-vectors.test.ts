import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldsJson, type Field } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import { portal } from '../../decoders/portal';
import { decodePortalMessage, type PortalDecodeContext } from '../../decoders/portal/message-decoder';
import type { VersionChoice } from '../../decoders/portal/protocol-version';
import { coverageProblems } from '../support/field-coverage';
import { currentSet, seedSet, wireVectors, zeroBasedSet, type WireSet, type WireVector } from './support/vectors';

const MESSAGE_NAMES: Record<string, string> = {
  ping: 'Ping',
  pong: 'Pong',
  find_nodes: 'FindNodes',
  nodes: 'Nodes',
  find_content: 'FindContent',
  content: 'Content',
  offer: 'Offer',
  accept: 'Accept',
};

const given = (version: VersionChoice['version']): VersionChoice => ({ version, source: 'given', reason: 'test' });

/** Each set with the version its source revision had, as a caller who knows it would say. */
const ERAS: [WireSet, VersionChoice | undefined, string][] = [
  [currentSet, undefined, 'current (v2)'],
  [zeroBasedSet, given('v0'), '2021-11-23 (v0)'],
  [seedSet, given('seed'), '2021-11-16 (seed)'],
];

/** Notes a vector may carry by design: its keys ("portal") and content are placeholders, not real keys. */
const PLACEHOLDER_NOTES = new Set([
  'portal.content-key.unknown',
  'portal.content.undecoded',
  'portal.message.ambiguous',
]);

function decode(v: WireVector, version: VersionChoice | undefined) {
  const bytes = fromHex(v.expected);
  const context: PortalDecodeContext = {};
  if (version) context.version = version;
  return { bytes, ...decodePortalMessage(bytes, context) };
}

const child = (tree: Field, name: string) => tree.children!.find((c) => c.name === name)!;

describe.each(ERAS)('portal-wire.json, %s', (set, version, eraName) => {
  it.each(set.vectors.map((v) => [v.name, v] as const))('%s: decodes as its message, every byte explained', (_, v) => {
    const { bytes, decoded } = decode(v, version);
    expect(decoded.message).toBe(MESSAGE_NAMES[v.message_type]);
    expect(coverageProblems(decoded.tree, bytes.length)).toEqual([]);
    const unexpected = collectNotes(decoded.tree).filter((n) => !PLACEHOLDER_NOTES.has(n.kind));
    expect(unexpected, eraName).toEqual([]);
  });

  it.each(set.vectors.map((v) => [v.name, v] as const))('%s: its JSON encodes back to the same bytes', (_, v) => {
    const { decoded } = decode(v, version);
    const json: JsonObject = { message: decoded.message, fields: fieldsJson(decoded.tree) };
    expect(toHex(portal.encodeMessage(json))).toBe(v.expected);
  });

  it.each(set.vectors.map((v) => [v.name, v] as const))('%s: its fields hold the vector’s inputs', (_, v) => {
    const { decoded } = decode(v, version);
    const fields = fieldsJson(decoded.tree);
    const inputs = v.inputs;
    for (const key of [
      'enr_seq',
      'payload_type',
      'total',
      'distances',
      'connection_id',
      'content_key',
      'content',
    ] as const) {
      if (inputs[key] !== undefined) expect(fields[key], key).toEqual(inputs[key]);
    }
    if (inputs.content_keys) expect(fields.content_keys).toEqual(inputs.content_keys);
    if (inputs.content_keys_bytes) expect(fields.content_keys).toEqual(inputs.content_keys_bytes);
    if (inputs.content_keys_bitlist) expect(fields.content_keys).toEqual(inputs.content_keys_bitlist);
    const payload = (fields.payload ?? fields.custom_payload) as JsonObject | undefined;
    if (inputs.data_radius !== undefined) expect(payload?.data_radius).toBe(inputs.data_radius);
    if (inputs.capabilities) expect(payload?.capabilities).toEqual(inputs.capabilities);
    if (inputs.ephemeral_header_count !== undefined)
      expect(payload?.ephemeral_header_count).toBe(inputs.ephemeral_header_count);
    if (inputs.error_code !== undefined) expect(payload?.error_code).toBe(inputs.error_code);
    if (inputs.enrs) expect((fields.enrs as JsonObject[]).map((e) => e.text)).toEqual(inputs.enrs);
  });
});

describe('the version field', () => {
  it('names the version and how it was chosen, in the tree and the JSON', () => {
    const ping = decode(seedSet.vectors[0]!, given('seed')).decoded;
    expect(fieldsJson(ping.tree).protocol_version).toEqual({ version: 'seed', chosen_by: 'message' });
    const accept = decode(zeroBasedSet.vectors.at(-1)!, given('v0')).decoded;
    expect(fieldsJson(accept.tree).protocol_version).toEqual({ version: 'v0', chosen_by: 'given' });
    expect(child(accept.tree, 'protocol_version').generated).toBe(true);
  });

  it('reads a pre-2025 Ping layout as v0 from the message itself', () => {
    const { decoded, version } = decode(zeroBasedSet.vectors[0]!, undefined);
    expect(version).toMatchObject({ version: 'v0', source: 'message' });
    expect(decoded.message).toBe('Ping');
  });

  it('assumes the current version when nothing tells', () => {
    const { version } = decode(
      currentSet.vectors.find((v) => v.message_type === 'find_nodes')!,
      undefined,
    );
    expect(version).toMatchObject({ version: 'v2', source: 'assumed' });
  });
});

describe('selector numbering on its own (decodeMessage without a carrier)', () => {
  it('reads seed-era messages whose selector no current message has, or whose layout only the seed fits', () => {
    const seedAccept = seedSet.vectors.find((v) => v.message_type === 'accept')!;
    expect(portal.decodeMessage(fromHex(seedAccept.expected)).message).toBe('Accept');
    const seedFindNodes = seedSet.vectors.find((v) => v.message_type === 'find_nodes')!;
    // 0x03 is current Nodes, but a FindNodes container does not read as Nodes.
    const decoded = portal.decodeMessage(fromHex(seedFindNodes.expected));
    expect(decoded.message).toBe('FindNodes');
    expect(fieldsJson(decoded.tree).protocol_version).toEqual({ version: 'seed', chosen_by: 'message' });
  });

  it('prefers the current numbering where both read (seed Ping = current Pong)', () => {
    const seedPing = seedSet.vectors.find((v) => v.message_type === 'ping')!;
    expect(portal.decodeMessage(fromHex(seedPing.expected)).message).toBe('Pong');
  });

  it('tells seed Ping from current Pong by the carrier: a TALKREQ holds requests', () => {
    const seedPing = seedSet.vectors.find((v) => v.message_type === 'ping')!;
    const { decoded, version } = decodePortalMessage(fromHex(seedPing.expected), { kind: 'request' });
    expect(decoded.message).toBe('Ping');
    expect(version.version).toBe('seed');
  });

  it('keeps the ENR bytes the vector file decoded from the enr: strings', () => {
    const nodes = currentSet.vectors.find((v) => v.name === 'Nodes Response - Multiple enrs')!;
    const fields = fieldsJson(portal.decodeMessage(fromHex(nodes.expected)).tree);
    const enrs = (fields.enrs as JsonObject[]).map((e) => e.text);
    expect(enrs).toHaveLength(2);
    expect(nodes.expected).toContain(wireVectors.enr_rlp_decoded_locally.enr1);
    expect(nodes.expected).toContain(wireVectors.enr_rlp_decoded_locally.enr2);
  });
});
