/**
 * The values of the ENR keys Peerscope knows, each in a signed record: decoded to its spec's fields, every byte
 * explained, and written back to the same bytes from the JSON.
 */
import { SignableENR } from '@chainsafe/enr';
import { ContainerType, ByteVectorType, UintBigintType } from '@chainsafe/ssz';
import { RLP } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldByPath, fieldJson } from '../../decoders/core/field';
import { decodeEnr, enrCodec, enrPairMap, ENR_NOTES, readEnrRecord } from '../../decoders/enr';
import { coverageProblems } from '../support/field-coverage';
import { signedEnr } from '../discv5/support/packet-builder';

const key = Uint8Array.from({ length: 32 }, (_, i) => 0x40 + i);
const text = (s: string) => new TextEncoder().encode(s);

const EnrForkId = new ContainerType({
  fork_digest: new ByteVectorType(4),
  next_fork_version: new ByteVectorType(4),
  next_fork_epoch: new UintBigintType(8),
});

/** Each case: the value as written in the record, and the JSON Peerscope gives for it. */
const CASES: { key: string; value: Parameters<typeof signedEnr>[2][string]; json: unknown }[] = [
  // devp2p enr-entries/eth.md: [[fork-hash, fork-next]], here mainnet's Prague fork id shape.
  {
    key: 'eth',
    value: [[Uint8Array.of(0xc3, 0x76, 0xcf, 0x8b), new Uint8Array(0)]],
    json: { forkId: { forkHash: '0xc376cf8b', forkNext: 0 } },
  },
  // A later item in the entry is kept, not an error (geth's rlp:"tail").
  {
    key: 'eth',
    value: [[Uint8Array.of(1, 2, 3, 4), Uint8Array.of(0x11, 0x8c, 0x30)], Uint8Array.of(7)],
    json: { forkId: { forkHash: '0x01020304', forkNext: 1150000 }, rest: ['0x07'] },
  },
  { key: 'les', value: [Uint8Array.of(1)], json: { vfxVersion: 1 } },
  { key: 'snap', value: [], json: {} },
  {
    key: 'eth2',
    value: EnrForkId.serialize({
      fork_digest: Uint8Array.of(0xb5, 0x30, 0x3f, 0x2a),
      next_fork_version: Uint8Array.of(5, 0, 0, 0),
      next_fork_epoch: 18446744073709551615n,
    }),
    json: { fork_digest: '0xb5303f2a', next_fork_version: '0x05000000', next_fork_epoch: '18446744073709551615' },
  },
  { key: 'attnets', value: Uint8Array.of(0x81, 0, 0, 0, 0, 0, 0, 0x80), json: '0x8100000000000080' },
  { key: 'syncnets', value: Uint8Array.of(0x0f), json: '0x0f' },
  { key: 'cgc', value: Uint8Array.of(4), json: 4 },
  { key: 'nfd', value: Uint8Array.of(1, 2, 3, 4), json: '0x01020304' },
  { key: 'client', value: [text('Peerscope'), text('0.1.0')], json: { name: 'Peerscope', version: '0.1.0' } },
  // Portal protocol v2: p = [pv_min, pv_max, chain_id].
  {
    key: 'p',
    value: [new Uint8Array(0), Uint8Array.of(2), Uint8Array.of(1)],
    json: { pv_min: 0, pv_max: 2, chain_id: 1 },
  },
  // Portal protocol v1: pv = SSZ List[uint8, 8].
  { key: 'pv', value: Uint8Array.of(0, 1), json: [0, 1] },
  { key: 'quic6', value: Uint8Array.of(0x23, 0x28), json: 9000 },
  // Unknown keys stay generic RLP.
  { key: 'opstack', value: [Uint8Array.of(0x0a), new Uint8Array(0)], json: ['0x0a', '0x'] },
];

describe('known ENR keys', () => {
  for (const c of CASES) {
    it(`decodes ${c.key} = ${JSON.stringify(c.json).slice(0, 60)} and writes it back`, () => {
      const record = signedEnr(key, 5n, { [c.key]: c.value as never });
      const { field, complete } = decodeEnr(record);
      expect(complete).toBe(true);
      expect(collectNotes(field)).toEqual([]);
      const json = fieldJson(field) as { pairs: Record<string, unknown> };
      expect(json.pairs[c.key]).toEqual(c.json);
      expect(json).toMatchObject({ 'signature-valid': true });
      expect(coverageProblems(field, record.length)).toEqual([]);
      expect(encodeValue(enrCodec, fieldJson(field))).toEqual(record);
    });
  }

  it('hands carried protocols the raw values: string payloads, list values as their whole RLP', () => {
    const record = signedEnr(key, 1n, { pv: Uint8Array.of(0, 1), p: [new Uint8Array(0), Uint8Array.of(2)] });
    const pairs = enrPairMap(readEnrRecord(record));
    expect([...pairs.get('pv')!]).toEqual([0, 1]);
    expect([...pairs.get('p')!]).toEqual([0xc2, 0x80, 0x02]);
    expect(new TextDecoder().decode(pairs.get('id'))).toBe('v4');
  });
});

describe('ports written with a leading zero (as @chainsafe/enr writes ports below 256)', () => {
  it('keeps the port’s bytes (so the signed record re-encodes), shows its value and warns that geth rejects it', () => {
    const record = signedEnr(key, 1n, { udp: Uint8Array.of(0, 9) });
    const { field } = decodeEnr(record);
    expect(fieldJson(field)).toMatchObject({ pairs: { udp: '0x0009' }, 'signature-valid': true });
    expect(fieldByPath(field, 'pairs.udp')!.display).toBe('9');
    expect(toHex(encodeValue(enrCodec, fieldJson(field)))).toBe(toHex(record));
    expect(collectNotes(field)).toEqual([
      expect.objectContaining({ kind: 'enr.value.non-canonical', severity: 'warning', field: 'pairs.udp' }),
    ]);
  });
});

describe('a list value written inside a byte string (as @chainsafe/enr writes Portal’s `p`)', () => {
  it('keeps the bytes as the value, reads the list beneath them, and warns that readers of the list reject it', () => {
    const enr = SignableENR.createV4(key);
    enr.set('p', RLP.encode([0, 2, 1]));
    const record = enr.encode();
    const { field, complete } = decodeEnr(record);
    expect(complete).toBe(true);
    expect(fieldJson(field)).toMatchObject({ pairs: { p: '0xc3800201' }, 'signature-valid': true });
    const list = fieldByPath(field, 'pairs.p.portal versions')!;
    expect(fieldJson(list)).toEqual({ pv_min: 0, pv_max: 2, chain_id: 1 });
    expect(collectNotes(field)).toEqual([
      expect.objectContaining({ kind: ENR_NOTES.wrappedValue, severity: 'warning', field: 'pairs.p' }),
    ]);
    expect(coverageProblems(field, record.length)).toEqual([]);
    // The JSON writes the record back as it was, so its signature still holds.
    expect(encodeValue(enrCodec, fieldJson(field))).toEqual(record);
  });

  it('leaves a byte string that holds no such list an error, as any value of the wrong type, written back as is', () => {
    for (const value of [Uint8Array.of(2), RLP.encode([0, 2, 1, 5]).subarray(0, 3), Uint8Array.of(0xc1, 0x01, 0x02)]) {
      const record = signedEnr(key, 1n, { p: value });
      const { field } = decodeEnr(record);
      expect(collectNotes(field).map((n) => n.kind)).toEqual([ENR_NOTES.value]);
      expect(encodeValue(enrCodec, fieldJson(field))).toEqual(record);
    }
  });
});
