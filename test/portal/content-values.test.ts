import { describe, expect, it } from 'vitest';
import { fromHex } from '../../decoders/core/bytes';
import { collectNotes, fieldByPath, fieldJson, type Field } from '../../decoders/core/field';
import { keyReadings } from '../../decoders/portal/content-keys/key-readings';
import { readContentValue, type ContentRequest } from '../../decoders/portal/content-values/content-value';
import type { NetworkKind } from '../../decoders/portal/networks';
import { coverageProblems } from '../support/field-coverage';
import { valueVectors, type ValueVector } from './support/vectors';

function networkOf(v: ValueVector): NetworkKind {
  if (v.source.includes('/state/')) return 'state';
  if (v.source.includes('beacon')) return 'beacon';
  return 'legacy-history';
}

function request(v: ValueVector, purpose: ContentRequest['purpose'], keyHex = v.content_key): ContentRequest {
  const key = fromHex(keyHex);
  return { reading: keyReadings(key, 0, key.length, { networks: [networkOf(v)] })[0]!, purpose };
}

/** Every value of the file with the purpose it was given for (state values come as offer and as retrieval). */
const cases = valueVectors.flatMap((v) => {
  const out: [string, ValueVector, ContentRequest['purpose'], string][] = [];
  if (v.content_value) out.push([`${v.name} (${v.content_key.slice(0, 12)}…)`, v, 'retrieval', v.content_value]);
  if (v.content_value_offer) out.push([`${v.name}, offer`, v, 'offer', v.content_value_offer]);
  if (v.content_value_retrieval) out.push([`${v.name}, retrieval`, v, 'retrieval', v.content_value_retrieval]);
  return out;
});

function read(
  v: ValueVector,
  purpose: ContentRequest['purpose'],
  hex: string,
  key?: string,
): { field: Field; bytes: Uint8Array } {
  const bytes = fromHex(hex);
  const field = readContentValue(request(v, purpose, key), bytes, 0, bytes.length);
  expect(field).not.toBeNull();
  return { field: field!, bytes };
}

const at = (field: Field, path: string) => fieldByPath(field, path);
const specItems = (field: Field | undefined) => (field?.children ?? []).filter((c) => !c.encoding && !c.generated);

describe('portal-content-values.json', () => {
  it.each(cases)('%s: decodes without a problem, every byte explained', (_, v, purpose, hex) => {
    const { field, bytes } = read(v, purpose, hex);
    expect(collectNotes(field)).toEqual([]);
    expect(coverageProblems(field, bytes.length)).toEqual([]);
  });

  it('reads the header with proof: the RLP header of block 14764013 and its pre-merge accumulator proof', () => {
    const v = valueVectors.find((x) => x.name === 'BlockHeaderWithProof Test Vectors')!;
    const { field } = read(v, 'retrieval', v.content_value!);
    expect(at(field, 'header.number')?.value).toBe(14764013);
    expect(at(field, 'proof')?.display).toBe("BlockProofHistoricalHashesAccumulator (the header's fork)");
    expect(specItems(at(field, 'proof'))).toHaveLength(15);
  });

  it('says when the header is not the one its key asked for', () => {
    const v = valueVectors.find((x) => x.name === 'BlockHeaderWithProof Test Vectors')!;
    const otherKey = `0x00${'11'.repeat(32)}`;
    const { field } = read(v, 'retrieval', v.content_value!, otherKey);
    expect(collectNotes(field).map((n) => n.kind)).toEqual(['portal.content.mismatch']);
  });

  it('reads both block bodies: pre-Shanghai (first offset 8) and with withdrawals (first offset 12)', () => {
    const [preShanghai, shanghai] = valueVectors.filter((x) => x.name === 'BlockBody Test Vector');
    const a = read(preShanghai!, 'retrieval', preShanghai!.content_value!).field;
    const b = read(shanghai!, 'retrieval', shanghai!.content_value!).field;
    expect(at(a, 'withdrawals')).toBeUndefined();
    expect(specItems(at(b, 'withdrawals')).length).toBeGreaterThan(0);
    const firstTx = specItems(at(a, 'transactions'))[0]!;
    expect(fieldJson(firstTx)).toMatchObject({
      type: expect.any(Number),
      hash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    });
  });

  it('reads the receipts list, typed ones with their type byte', () => {
    const v = valueVectors.find((x) => x.name === 'Receipts Test Vector')!;
    const receipts = specItems(read(v, 'retrieval', v.content_value!).field);
    expect(receipts.length).toBeGreaterThan(10);
    expect(new Set(receipts.map((r) => fieldJson(at(r, 'type')!)))).toEqual(new Set([0, 2]));
  });

  it('checks that ephemeral headers chain by parent hash, newest first', () => {
    const v = valueVectors.find((x) => x.name === 'Ephemeral Headers by Find Content Vector')!;
    const { field } = read(v, 'retrieval', v.content_value!);
    const headers = specItems(field);
    expect(headers).toHaveLength(2);
    expect(at(headers[1]!, 'hash')?.value).toBe(at(headers[0]!, 'parentHash')?.value);
  });

  it('reads state offers with their proofs, root first, and retrievals with the node alone', () => {
    const v = valueVectors.find((x) => x.name === 'Account Trie Node' && x.content_value_offer)!;
    const offer = read(v, 'offer', v.content_value_offer!).field;
    expect(offer.name).toBe('content_for_offer');
    expect(specItems(at(offer, 'proof')).length).toBeGreaterThan(3);
    const w = valueVectors.find((x) => x.name === 'Account Trie Node' && x.content_value_retrieval)!;
    const retrieval = read(w, 'retrieval', w.content_value_retrieval!).field;
    expect(fieldJson(at(retrieval, 'node')!)).toMatchObject({ kind: 'leaf' });
  });

  it('reads beacon values by their fork digest: Capella light-client objects, and the updates of a range', () => {
    const bootstrap = valueVectors.find((x) => x.name === 'LightClientBootstrap')!;
    const b = read(bootstrap, 'retrieval', bootstrap.content_value!).field;
    expect(at(b, 'fork_digest')?.display).toBe('capella (mainnet)');
    expect(specItems(at(b, 'LightClientBootstrap.current_sync_committee.pubkeys'))).toHaveLength(512);
    const range = valueVectors.find((x) => x.name === 'LightClientUpdatesByRange')!;
    const updates = specItems(read(range, 'retrieval', range.content_value!).field);
    expect(updates).toHaveLength(4);
    expect(updates.every((u) => u.display === 'LightClientUpdate (capella)')).toBe(true);
  });

  it('keeps a value whose key is not known as nothing to read (null), and a broken one with an error at its byte', () => {
    const bytes = fromHex('0x0102');
    expect(readContentValue({ reading: null, purpose: 'retrieval' }, bytes, 0, 2)).toBeNull();
    const v = valueVectors.find((x) => x.name === 'LightClientOptimisticUpdate')!;
    const cut = fromHex(v.content_value!).subarray(0, 500);
    const field = readContentValue(request(v, 'retrieval'), cut, 0, cut.length)!;
    expect(collectNotes(field).some((n) => n.severity === 'error')).toBe(true);
  });
});
