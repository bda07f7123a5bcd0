import { RLP, type Input } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../decoders/core/field';
import { transaction } from '../../decoders/ethereum/transaction';
import { coverageProblems } from '../support/field-coverage';

const fill = (size: number, byte: number) => new Uint8Array(size).fill(byte);
const to = fill(20, 0xaa);
const accessList: Input = [[fill(20, 0xbb), [fill(32, 1), fill(32, 2)]]];
const sig = [1, fill(32, 0x11), fill(32, 0x22)];

/** `type ‖ rlp(body)` as a block carries it: an RLP string. */
function typed(type: number, body: Input[]): { wire: Uint8Array; hash: string } {
  const payload = concatBytes([Uint8Array.of(type), RLP.encode(body)]);
  return { wire: RLP.encode(payload), hash: toHex(keccak_256(payload)) };
}

function decoded(wire: Uint8Array) {
  const { field, complete } = decodeAll(transaction, wire, 'tx');
  expect(complete).toBe(true);
  expect(coverageProblems(field, wire.length)).toEqual([]);
  expect(encodeValue(transaction, fieldJson(field))).toEqual(wire);
  return { json: fieldJson(field) as Record<string, unknown>, notes: collectNotes(field) };
}

describe('transactions per type', () => {
  it('legacy (EIP-155): members, chain id shown on v, hash of the list', () => {
    const wire = RLP.encode([
      9,
      20n * 10n ** 9n,
      21000,
      to,
      10n ** 18n,
      new Uint8Array(0),
      37,
      fill(32, 0x11),
      fill(32, 0x22),
    ]);
    const { json, notes } = decoded(wire);
    expect(json).toMatchObject({ type: 0, nonce: 9, gas: 21000, to: toHex(to), value: '1000000000000000000', v: 37 });
    expect(json.hash).toBe(toHex(keccak_256(wire)));
    expect(notes).toEqual([]);
  });

  it('EIP-2930 access list (type 1)', () => {
    const { wire, hash } = typed(1, [1, 0, 10, 21000, to, 0, Uint8Array.of(1, 2), accessList, ...sig]);
    const { json } = decoded(wire);
    expect(json).toMatchObject({ type: 1, chainId: 1, gasPrice: 10, input: '0x0102', hash, yParity: 1 });
    expect(json.accessList).toEqual([
      { address: toHex(fill(20, 0xbb)), storageKeys: [toHex(fill(32, 1)), toHex(fill(32, 2))] },
    ]);
  });

  it('EIP-1559 dynamic fee (type 2), contract creation', () => {
    const { wire, hash } = typed(2, [1, 3, 2, 100, 50000, new Uint8Array(0), 5, Uint8Array.of(0x60), [], ...sig]);
    const { json } = decoded(wire);
    expect(json).toMatchObject({ type: 2, maxPriorityFeePerGas: 2, maxFeePerGas: 100, to: '0x', hash });
  });

  it('EIP-4844 blob (type 3) in a block and with its sidecar', () => {
    const versioned = concatBytes([Uint8Array.of(1), fill(31, 3)]);
    const body: Input[] = [1, 0, 1, 2, 21000, to, 0, new Uint8Array(0), [], 7, [versioned], ...sig];
    const { wire, hash } = typed(3, body);
    expect(decoded(wire).json).toMatchObject({
      type: 3,
      maxFeePerBlobGas: 7,
      blobVersionedHashes: [toHex(versioned)],
      hash,
    });
    // Pooled: [tx, blobs, commitments, proofs]; the hash still covers only the transaction.
    const wrapped = RLP.encode(
      concatBytes([Uint8Array.of(3), RLP.encode([body, [fill(131072, 0)], [fill(48, 1)], [fill(48, 2)]])]),
    );
    const pooled = decoded(wrapped).json;
    expect(pooled).toMatchObject({ type: 3, hash, commitments: [toHex(fill(48, 1))] });
    expect((pooled.tx as Record<string, unknown>).maxFeePerBlobGas).toBe(7);
    // EIP-7594: [tx, wrapperVersion, blobs, commitments, cellProofs].
    const cells = RLP.encode(concatBytes([Uint8Array.of(3), RLP.encode([body, 1, [], [], []])]));
    expect(decoded(cells).json).toMatchObject({ type: 3, wrapperVersion: 1, cellProofs: [], hash });
  });

  it('EIP-7702 set code (type 4) with its authorization list', () => {
    const auth: Input = [[1, fill(20, 0xcc), 4, 0, fill(32, 0x33), fill(32, 0x44)]];
    const { wire, hash } = typed(4, [1, 0, 1, 2, 90000, to, 0, new Uint8Array(0), [], auth, ...sig]);
    const { json } = decoded(wire);
    expect(json).toMatchObject({ type: 4, hash });
    expect(json.authorizationList).toEqual([
      {
        chainId: 1,
        address: toHex(fill(20, 0xcc)),
        nonce: 4,
        yParity: 0,
        r: expect.any(String),
        s: expect.any(String),
      },
    ]);
  });

  it('keeps an unknown type as bytes with a warning', () => {
    const wire = RLP.encode(Uint8Array.of(0x05, 0xc1, 0x80));
    const { json, notes } = decoded(wire);
    expect(json).toMatchObject({ type: 5, payload: '0xc180' });
    expect(notes.map((n) => n.kind)).toEqual(['ethereum.tx.type']);
  });

  it('flags a blob transaction without a recipient and a bad yParity', () => {
    const { wire } = typed(3, [
      1,
      0,
      1,
      2,
      21000,
      new Uint8Array(0),
      0,
      new Uint8Array(0),
      [],
      7,
      [],
      2,
      fill(32, 1),
      fill(32, 2),
    ]);
    const { notes } = decoded(wire);
    expect(notes.map((n) => n.kind).sort()).toEqual(['ethereum.tx.to', 'ethereum.tx.y-parity']);
  });

  it('breaks at the member that does not fit, with the error there', () => {
    const { wire } = typed(2, [1, 3, 2, 100, 50000, to, 5, new Uint8Array(0), Uint8Array.of(1)]);
    const { field, complete } = decodeAll(transaction, wire, 'tx');
    expect(complete).toBe(false);
    expect(collectNotes(field).find((n) => n.severity === 'error')?.field).toBe('accessList');
  });
});
