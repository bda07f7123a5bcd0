import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { fromHex, HexError, toHex } from '../../decoders/core/bytes';
import { fieldJson, type Field } from '../../decoders/core/field';
import { blockNumberContentId } from '../../decoders/portal/content-keys/content-ids';
import { decodeContentKeyInPlace, encodeContentKey } from '../../decoders/portal/content-keys/content-key-field';
import { keyReadings, type KeyContext } from '../../decoders/portal/content-keys/key-readings';
import { unpackNibbles } from '../../decoders/portal/content-keys/state-keys';
import type { NetworkKind } from '../../decoders/portal/networks';
import { coverageProblems } from '../support/field-coverage';
import { keyVectors, type KeyVector } from './support/vectors';

/** The month each revision of the combined test-vector file is from, and the network of each dedicated file. */
function contextOf(setName: string): KeyContext {
  const months: Record<string, string> = {
    b1771159: '2022-01',
    cdf0495b: '2022-07',
    dc907b42: '2023-01',
    e6c6310d: '2023-12',
    '04cc3601': '2024-02',
  };
  const month = Object.entries(months).find(([commit]) => setName.includes(commit))?.[1];
  const networks: [string, NetworkKind][] = [
    ['history-2025', 'history'],
    ['legacy-history', 'legacy-history'],
    ['legacy-state', 'state'],
    ['legacy-beacon', 'beacon'],
  ];
  const network = networks.find(([prefix]) => setName.startsWith(prefix))?.[1];
  return month ? { networks: null, month } : { networks: network ? [network] : null };
}

function keyField(bytes: Uint8Array): Field {
  return { name: 'content_key', shape: 'leaf', value: toHex(bytes), start: 0, end: bytes.length };
}

/** The 2022 revisions' ContractStorageTrieNode key has a stray `i` in its hex (specs/README.md, facts 8). */
const isStrayCharacterVector = (v: KeyVector) => /[^0-9a-fx]/i.test(v.content_key);
/** The 2023-12 revision re-prefixed the draft state keys but kept the drafts' ids (specs/README.md, facts 8). */
const is2023StateVector = (set: string, v: KeyVector) => set.includes('e6c6310d') && v.content_key.startsWith('0x2');

const cases = keyVectors.flatMap((set) =>
  set.vectors
    .filter((v) => !isStrayCharacterVector(v))
    .map((v) => [`${set.name.slice(0, 40)} · ${v.name}`, set.name, v] as const),
);

describe('portal-content-keys.json', () => {
  it.each(cases)('%s: decodes, every byte explained, and re-encodes from its JSON', (_, setName, v) => {
    const bytes = fromHex(v.content_key);
    const context = contextOf(setName);
    const field = keyField(bytes);
    const decoded = decodeContentKeyInPlace(field, bytes, context);
    expect(decoded.reading, 'a key layout fits').not.toBeNull();
    expect(coverageProblems(field, bytes.length)).toEqual([]);
    expect(toHex(encodeContentKey(fieldJson(field), 'content_key', context.networks))).toBe(v.content_key);
  });

  const withIds = cases.filter(([, , v]) => v.content_id !== undefined);
  it.each(withIds)('%s: computes the published content id', (_, setName, v) => {
    const bytes = fromHex(v.content_key);
    const decoded = decodeContentKeyInPlace(keyField(bytes), bytes, contextOf(setName));
    const expected = v.content_id!.startsWith('0x') ? v.content_id! : `0x${v.content_id}`;
    expect(toHex(decoded.contentId!)).toBe(expected);
  });

  it('refuses the 2022 ContractStorageTrieNode key as hex, and reads it with the stray character removed', () => {
    const broken = keyVectors.flatMap((s) => s.vectors).filter(isStrayCharacterVector);
    expect(broken).toHaveLength(3);
    for (const v of broken) {
      expect(() => fromHex(v.content_key)).toThrow(HexError);
      // The input text's node hash reads …ed2271014…; the key has …ed227i1014…: one character too many.
      expect(v.input_text).toContain('b28ed2271014dd25');
      const bytes = fromHex(v.content_key.replace('227i1014', '2271014'));
      const decoded = decodeContentKeyInPlace(keyField(bytes), bytes, { networks: ['state'], month: '2022-01' });
      expect(decoded.reading?.kind.label).toBe('contract storage trie node');
      expect(toHex(decoded.contentId!)).toBe(v.content_id);
    }
  });

  it('reads the 2023-12 state keys with the drafts’ id rules, which are not sha256 of the re-prefixed key', () => {
    const set = keyVectors.find((s) => s.name.includes('e6c6310d'))!;
    const state = set.vectors.filter((v) => is2023StateVector(set.name, v));
    expect(state).toHaveLength(5);
    for (const v of state) {
      const bytes = fromHex(v.content_key);
      const expected = v.content_id!.startsWith('0x') ? v.content_id : `0x${v.content_id}`;
      expect(toHex(sha256(bytes))).not.toBe(expected);
      const reading = keyReadings(bytes, 0, bytes.length, { networks: ['state'], month: '2023-12' })[0]!;
      expect(reading.kind.vectorsOnly).toBe(true);
    }
  });

  it('computes the 2025 history id by bit reversal, not sha256 (history-network.md visualisation)', () => {
    expect(toHex(blockNumberContentId(12_345_678n, 1))).toBe(`0x614e3d${'0'.repeat(56)}01`);
    expect(toHex(blockNumberContentId(0n, 0))).toBe(`0x${'0'.repeat(64)}`);
    // Block 2^16: cycle 0, offset 1, whose bit lands at the top of the 240-bit field.
    expect(toHex(blockNumberContentId(65_536n, 0))).toBe(`0x0000${'80'}${'0'.repeat(58)}`);
  });
});

describe('content key readings', () => {
  it('names the other layouts a key also fits, and the one the era hint picks', () => {
    const key = fromHex('0x011400d1c390624d3bd4e409a61a858e5dcc5517729a9170d014a6c96530d64dd8621d');
    const in2022 = keyReadings(key, 0, key.length, { networks: ['legacy-history'], month: '2022-03' });
    expect(in2022.map((r) => r.kind.id)).toEqual(['legacy-history.body_2022', 'legacy-history.header_2021']);
    const in2021 = keyReadings(key, 0, key.length, { networks: ['legacy-history'], month: '2021-12' });
    expect(in2021[0]!.kind.id).toBe('legacy-history.header_2021');
    const field = keyField(key);
    decodeContentKeyInPlace(field, key, { networks: ['legacy-history'] });
    expect(field.notes?.map((n) => n.kind)).toEqual(['portal.content-key.ambiguous']);
  });

  it('warns when the key is one of another network', () => {
    const beaconKey = fromHex('0x12a083660000000000');
    const field = keyField(beaconKey);
    const decoded = decodeContentKeyInPlace(field, beaconKey, { networks: ['legacy-history'] });
    expect(decoded.reading?.kind.network).toBe('beacon');
    expect(field.notes?.map((n) => n.kind)).toEqual(['portal.content-key.network']);
  });

  it('keeps a key no layout fits as bytes, with a warning', () => {
    const junk = fromHex('0x706f7274616c');
    const field = keyField(junk);
    expect(decodeContentKeyInPlace(field, junk, { networks: ['state'] }).reading).toBeNull();
    expect(field.value).toBe('0x706f7274616c');
    expect(field.notes?.[0]?.kind).toBe('portal.content-key.unknown');
  });

  it('shows packed nibbles as the nibbles they hold (state-network.md "Nibbles")', () => {
    expect(unpackNibbles(Uint8Array.of(0x00))).toEqual([]);
    expect(unpackNibbles(Uint8Array.of(0x11))).toEqual([1]);
    expect(unpackNibbles(Uint8Array.of(0x00, 0x01))).toEqual([0, 1]);
    expect(unpackNibbles(Uint8Array.of(0x11, 0x2a, 0xbc))).toEqual([1, 2, 0xa, 0xb, 0xc]);
    expect(unpackNibbles(Uint8Array.of(0x21))).toBeNull();
  });

  it('encodes a key given by its members, choosing the newest layout of the network', () => {
    const hash = `0x${'ab'.repeat(32)}`;
    expect(toHex(encodeContentKey({ selector: 0, block_hash: hash }, 'k', ['legacy-history']))).toBe(
      `0x00${'ab'.repeat(32)}`,
    );
    expect(toHex(encodeContentKey({ selector: 0, block_number: 12345678 }, 'k', ['history']))).toBe(
      '0x004e61bc0000000000',
    );
    expect(() => encodeContentKey({ selector: 0x33, block_hash: hash }, 'k', null)).toThrow(/no content key/);
  });
});
