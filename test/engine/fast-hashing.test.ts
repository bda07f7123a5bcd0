/**
 * The engine's WebAssembly Keccak (src-main/engine/fast-hashing.ts) against @noble/hashes, an independent
 * implementation, and against the published RLPx MAC vectors: one shared hasher must keep many interleaved sponges
 * (two frame MACs per RLPx connection) apart, and reading a sponge must not end it.
 */
import fc from 'fast-check';
import { createKeccak } from 'hash-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBareHex, toHex } from '../../decoders/core/bytes';
import { FrameMac } from '../../decoders/devp2p/mac';
import { nobleKeccak, setKeccakImplementation } from '../../decoders/ethereum/keccak';
import { hashWasmKeccak } from '../../src-main/engine/fast-hashing';
import { nodeAes } from '../../src-main/rlpx/node-aes';
import { hex, rlpxVectors as v } from '../devp2p/support/vectors';

const wasm = hashWasmKeccak(await createKeccak(256));
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Bytes seen through a view into a larger buffer, as decoders hand them on. */
const viewed = fc.tuple(fc.uint8Array({ maxLength: 3000 }), fc.nat(7), fc.nat(7)).map(([bytes, before, after]) =>
  new Uint8Array(before + bytes.length + after)
    .fill(0xaa)
    .subarray(before, before + bytes.length)
    .map((_, i) => bytes[i]!),
);

describe('hash-wasm Keccak-256', () => {
  it('gives the empty input its well-known hash', () => {
    expect(toHex(wasm.hash(new Uint8Array()))).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
  });

  it('hashes like @noble/hashes, also on views into larger buffers and across the 136-byte block size', () => {
    fc.assert(
      fc.property(viewed, (bytes) => toHex(wasm.hash(bytes)) === toHex(nobleKeccak.hash(bytes))),
      {
        numRuns: 500,
      },
    );
  });

  it('keeps interleaved sponges apart, reads them without ending them, and hashes between their writes', () => {
    const step = fc.record({ sponge: fc.nat(3), bytes: viewed, read: fc.boolean(), hashBetween: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const ours = [0, 1, 2, 3].map(() => wasm.sponge());
        const theirs = [0, 1, 2, 3].map(() => nobleKeccak.sponge());
        for (const s of steps) {
          ours[s.sponge]!.update(s.bytes);
          theirs[s.sponge]!.update(s.bytes);
          if (s.hashBetween) wasm.hash(s.bytes);
          if (s.read && toHex(ours[s.sponge]!.digest()) !== toHex(theirs[s.sponge]!.digest())) return false;
        }
        return ours.every((sponge, i) => toHex(sponge.digest()) === toHex(theirs[i]!.digest()));
      }),
      { numRuns: 300 },
    );
  });
});

describe('RLPx frame MACs on hash-wasm', () => {
  beforeAll(() => setKeccakImplementation(wasm));
  afterAll(() => setKeccakImplementation(nobleKeccak));

  it('reproduces the ethereumjs MAC states', () => {
    const m = v.mac_state_vectors;
    for (const c of m.cases) {
      const mac = new FrameMac(nodeAes, hex(m.secret));
      for (const [op, arg] of c.ops) {
        if (op === 'update') mac.update(utf8(arg));
        else if (op === 'updateHeader') mac.updateHeader(new Uint8Array(16));
        else mac.updateBody(utf8(arg));
      }
      expect(toBareHex(mac.digest().subarray(0, 16))).toBe(c.digest);
    }
  });
});
