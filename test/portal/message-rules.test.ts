import { describe, expect, it } from 'vitest';
import { fromHex } from '../../decoders/core/bytes';
import { collectNotes, fieldByPath, fieldsJson } from '../../decoders/core/field';
import { portal } from '../../decoders/portal';
import { decodePortalMessage } from '../../decoders/portal/message-decoder';

const kinds = (bytes: Uint8Array) => collectNotes(portal.decodeMessage(bytes).tree).map((n) => [n.kind, n.field]);

describe('Portal rules one message shows', () => {
  it('FindNodes: distances above 256 and repeated distances are errors at the distance', () => {
    const bytes = portal.encodeMessage({ message: 'FindNodes', fields: { distances: [0, 257, 256, 0] } });
    expect(kinds(bytes)).toEqual([
      ['portal.distances.range', 'distances.1'],
      ['portal.distances.repeated', 'distances.3'],
    ]);
    expect(fieldByPath(portal.decodeMessage(bytes).tree, 'distances.0')?.display).toBe('0 (the recipient’s own ENR)');
  });

  it('Nodes and Content: at most 32 ENRs', () => {
    const enrs = Array.from({ length: 33 }, () => '0xc0');
    const nodes = portal.decodeMessage(portal.encodeMessage({ message: 'Nodes', fields: { total: 1, enrs } }));
    const notes = collectNotes(nodes.tree);
    expect(notes.filter((n) => n.kind === 'portal.enrs.count')).toEqual([
      expect.objectContaining({ severity: 'error', field: 'enrs', text: '33 ENRs: at most 32' }),
    ]);
    // The limit is the protocol's rule here, not the generic SSZ warning.
    expect(notes.some((n) => n.kind === 'ssz.limit')).toBe(false);
  });

  it('Offer: at most 64 keys', () => {
    const keys = Array.from({ length: 65 }, () => '0x00');
    expect(kinds(portal.encodeMessage({ message: 'Offer', fields: { content_keys: keys } }))).toContainEqual([
      'portal.offer.count',
      'content_keys',
    ]);
  });

  it('Nodes: total 0 is a warning, total above 1 is noted where the spec fixes it to 1', () => {
    expect(kinds(portal.encodeMessage({ message: 'Nodes', fields: { total: 0, enrs: [] } }))).toEqual([
      ['portal.nodes.total', 'total'],
    ]);
    const three = portal.encodeMessage({ message: 'Nodes', fields: { total: 3, enrs: [] } });
    expect(kinds(three)).toEqual([]);
    const v2 = decodePortalMessage(three, { version: { version: 'v2', source: 'enr', reason: 'test' } });
    expect(collectNotes(v2.decoded.tree).map((n) => n.kind)).toEqual(['portal.nodes.total']);
  });

  it('a request in a TALKRESP is an error (and a response in a TALKREQ)', () => {
    const findNodes = portal.encodeMessage({ message: 'FindNodes', fields: { distances: [1] } });
    const { decoded } = decodePortalMessage(findNodes, { kind: 'response' });
    expect(decoded.message).toBe('FindNodes');
    expect(collectNotes(decoded.tree).map((n) => n.kind)).toEqual(['portal.message.carrier']);
  });

  it('a payload that is no Portal message, or empty, is named for its carrier', () => {
    const junk = fromHex('0x2a0102');
    expect(decodePortalMessage(junk, { kind: 'request' }).decoded.message).toBe('UnknownRequest');
    const response = decodePortalMessage(junk, { kind: 'response' }).decoded;
    expect(response.message).toBe('UnknownResponse');
    expect(fieldsJson(response.tree)).toEqual({ selector: 42, payload: '0x0102' });
    expect(collectNotes(response.tree).map((n) => n.kind)).toEqual(['portal.message.unknown']);
    expect(decodePortalMessage(new Uint8Array(0), { kind: 'response' }).decoded.message).toBe('EmptyResponse');
    expect(decodePortalMessage(new Uint8Array(0), { kind: 'request' }).decoded.message).toBe('UnknownRequest');
  });

  it('a cut message keeps what was read and says where it broke', () => {
    const full = portal.encodeMessage({ message: 'Offer', fields: { content_keys: ['0x00aa', '0x01bb'] } });
    const cut = full.subarray(0, full.length - 3);
    const decoded = portal.decodeMessage(cut);
    expect(decoded.message).toBe('Offer');
    const errors = collectNotes(decoded.tree).filter((n) => n.severity === 'error');
    expect(collectNotes(decoded.tree)).toEqual([
      expect.objectContaining({ kind: 'decode.bad-offset', field: 'content_keys.1' }),
    ]);
    expect(errors).toHaveLength(1);
  });

  it('Content: the connection id is a big-endian uTP id; an unknown union selector is an error', () => {
    const tree = portal.decodeMessage(fromHex('0x05000102')).tree;
    expect(fieldByPath(tree, 'connection_id')?.display).toBe('258 (uTP connection id)');
    expect(portal.encodeMessage({ message: 'Content', fields: { connection_id: 258 } })).toEqual(fromHex('0x05000102'));
    const bad = portal.decodeMessage(fromHex('0x0503aa'));
    expect(collectNotes(bad.tree).map((n) => n.kind)).toEqual(['decode.bad-value']);
  });
});
