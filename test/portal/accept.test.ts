import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import { collectNotes, fieldByPath, fieldsJson } from '../../decoders/core/field';
import { portal } from '../../decoders/portal';
import { bitListLength, chooseAcceptForm } from '../../decoders/portal/accept-keys';
import type { DecodedContentKey } from '../../decoders/portal/content-keys/content-key-field';
import { decodePortalMessage, type RequestSummary } from '../../decoders/portal/message-decoder';
import type { VersionChoice } from '../../decoders/portal/protocol-version';

/** An Offer of `n` keys, as a response's context (the keys' contents do not matter to Accept). */
function offerOf(n: number): RequestSummary {
  const key: DecodedContentKey = { bytes: new Uint8Array(1), reading: null, alternatives: [], contentId: null };
  return { message: 'Offer', keys: Array.from({ length: n }, () => key) };
}

const accept = (list: string) => fromHex(`0x07abcd06000000${list}`);
const enr = (version: VersionChoice['version']): VersionChoice => ({ version, source: 'enr', reason: 'test' });

describe('Accept content_keys: BitList (v0) or codes (v1+)', () => {
  it('counts a BitList by its delimiter bit', () => {
    expect(bitListLength(fromHex('0x0101'), 0, 2)).toBe(8);
    expect(bitListLength(fromHex('0x03'), 0, 1)).toBe(1);
    expect(bitListLength(fromHex('0x00'), 0, 1)).toBeNull();
    expect(bitListLength(new Uint8Array(0), 0, 0)).toBeNull();
  });

  it('takes the form the ENRs’ version gives, whatever the bytes', () => {
    expect(chooseAcceptForm(fromHex('0x0000'), 0, 2, 2, enr('v0')).form).toBe('bitlist');
    expect(chooseAcceptForm(fromHex('0x0301'), 0, 2, 9, enr('v2')).form).toBe('codes');
  });

  it('otherwise takes the form with one entry per offered key', () => {
    // 3 keys: three code bytes; as a BitList 0x000000 has no delimiter.
    expect(chooseAcceptForm(fromHex('0x000102'), 0, 3, 3, undefined)).toMatchObject({ form: 'codes', ambiguous: null });
    // 3 keys, one byte 0b1101: bits 1,0,1 and the delimiter at bit 3.
    expect(chooseAcceptForm(fromHex('0x0d'), 0, 1, 3, undefined)).toMatchObject({ form: 'bitlist', ambiguous: null });
  });

  it('says so when both forms fit the offered count (one key, 0x02 or 0x03)', () => {
    const choice = chooseAcceptForm(fromHex('0x03'), 0, 1, 1, undefined);
    expect(choice.form).toBe('codes');
    expect(choice.ambiguous).toMatch(/BitList of 1 bits/);
  });

  it('shows each code with its meaning, and the JSON as the list of codes', () => {
    const { decoded, accepted } = decodePortalMessage(accept('0006020709'), {
      kind: 'response',
      request: offerOf(5),
      version: enr('v1'),
    });
    expect(accepted).toEqual([true, false, false, false, false]);
    expect(fieldsJson(decoded.tree).content_keys).toEqual([0, 6, 2, 7, 9]);
    expect(fieldByPath(decoded.tree, 'content_keys.1')?.display).toBe('declined: content key not verifiable (6)');
    expect(collectNotes(decoded.tree).map((n) => n.kind)).toEqual(['portal.accept.code']);
  });

  it('shows a BitList as its bits, wanted keys set', () => {
    const { decoded, accepted } = decodePortalMessage(accept('0d'), {
      kind: 'response',
      request: offerOf(3),
      version: enr('v0'),
    });
    expect(accepted).toEqual([true, false, true]);
    expect(fieldsJson(decoded.tree).content_keys).toEqual([1, 0, 1]);
    expect(toHex(portal.encodeMessage({ message: 'Accept', fields: fieldsJson(decoded.tree) }))).toBe(
      toHex(accept('0d')),
    );
  });

  it('is an error when the list does not have one entry per offered key', () => {
    const { decoded } = decodePortalMessage(accept('0000'), {
      kind: 'response',
      request: offerOf(3),
      version: enr('v1'),
    });
    expect(collectNotes(decoded.tree)).toEqual([
      expect.objectContaining({ kind: 'portal.accept.length', severity: 'error', field: 'content_keys' }),
    ]);
  });

  it('names the version the form shows when nothing else tells it', () => {
    const codes = decodePortalMessage(accept('000102'), { kind: 'response', request: offerOf(3) });
    expect(codes.version).toMatchObject({ version: 'v1', source: 'message' });
    const bits = decodePortalMessage(accept('0d'), { kind: 'response', request: offerOf(3) });
    expect(bits.version).toMatchObject({ version: 'v0', source: 'message' });
  });

  it('composes either form from a list, by the version asked for', () => {
    const fields = { connection_id: 0xabcd, content_keys: [1, 0, 1] };
    expect(toHex(portal.encodeMessage({ message: 'Accept', fields: { ...fields, protocol_version: 'v0' } }))).toBe(
      '0x07abcd060000000d',
    );
    expect(toHex(portal.encodeMessage({ message: 'Accept', fields }))).toBe('0x07abcd06000000010001');
    expect(() =>
      portal.encodeMessage({ message: 'Accept', fields: { ...fields, content_keys: [2], protocol_version: 'v0' } }),
    ).toThrow(/content_keys.0: 2 is out of range/);
  });
});
