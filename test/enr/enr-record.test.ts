/**
 * ENR decoding (EIP-778): the spec's example record, records written by an independent implementation
 * (@chainsafe/enr), signature checks, and the record-level rules.
 */
import { ENR, SignableENR } from '@chainsafe/enr';
import { RLP } from '@ethereumjs/rlp';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { encodeValue } from '../../decoders/core/codec';
import { collectNotes, fieldJson } from '../../decoders/core/field';
import {
  decodeEnr,
  enrCodec,
  enrFromText,
  enrNodeId,
  enrToText,
  ENR_NOTES,
  readEnrRecord,
  verifyEnrSignature,
} from '../../decoders/enr';
import { coverageProblems } from '../support/field-coverage';
import { signedEnr } from '../discv5/support/packet-builder';
import { WIRE } from '../discv5/support/wire-vectors';

const example = WIRE.enr_example;

function kinds(field: Parameters<typeof collectNotes>[0]): string[] {
  return collectNotes(field).map((n) => n.kind);
}

describe('the EIP-778 example record', () => {
  const { field, complete, bytes } = decodeEnr(example.text);

  it('decodes every pair, the node id and a valid signature, explaining every byte', () => {
    expect(complete).toBe(true);
    expect(fieldJson(field)).toEqual({
      signature: `0x${example.rlp_structure[0]}`,
      seq: 1,
      pairs: {
        id: 'v4',
        ip: '127.0.0.1',
        secp256k1: '0x03ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138',
        udp: 30303,
      },
      'node-id': `0x${example.node_id}`,
      'signature-valid': true,
      text: example.text,
    });
    expect(kinds(field)).toEqual([]);
    expect(coverageProblems(field, bytes.length)).toEqual([]);
  });

  it('round-trips between text and RLP, and encodes its own JSON back to the same bytes', () => {
    expect(enrToText(enrFromText(example.text)!)).toBe(example.text);
    expect(encodeValue(enrCodec, fieldJson(field))).toEqual(bytes);
  });

  it('is found invalid when one byte of the signed content or of the signature changes', () => {
    const udpAt = bytes.length - 1;
    for (const at of [udpAt, 10]) {
      const tampered = bytes.slice();
      tampered[at] = tampered[at]! ^ 0x01;
      const decoded = decodeEnr(tampered);
      expect(fieldJson(decoded.field)).toMatchObject({ 'signature-valid': false });
      expect(kinds(decoded.field)).toContain(ENR_NOTES.signatureInvalid);
    }
  });

  it('flags a high-S signature, which only verifies when malleable signatures are allowed', () => {
    const record = readEnrRecord(bytes);
    const signature = bytes.subarray(record.signature!.payloadStart, record.signature!.end);
    const s = BigInt(toHex(signature.subarray(32)));
    const highS = (secp256k1.Point.CURVE().n - s).toString(16).padStart(64, '0');
    const malleable = bytes.slice();
    malleable.set(Buffer.from(highS, 'hex'), record.signature!.payloadStart + 32);
    expect(verifyEnrSignature(readEnrRecord(malleable))).toBe('high-s');
    expect(kinds(decodeEnr(malleable).field)).toEqual([ENR_NOTES.signatureHighS]);
  });
});

describe('records written by @chainsafe/enr', () => {
  const privateKey = secp256k1.utils.randomSecretKey();

  it('decodes addresses and ports of both families as ChainSafe set them, with its node id', () => {
    const enr = SignableENR.createV4(privateKey);
    enr.ip = '10.1.2.3';
    enr.tcp = 30303;
    enr.udp = 9000;
    enr.ip6 = '2001:db8::7';
    enr.tcp6 = 30304;
    enr.udp6 = 9001;
    enr.set('quic', Uint8Array.of(0x23, 0x29));
    const encoded = enr.encode();
    const { field, complete } = decodeEnr(encoded);
    expect(complete).toBe(true);
    expect(fieldJson(field)).toMatchObject({
      seq: Number(enr.seq),
      pairs: { ip: '10.1.2.3', tcp: 30303, udp: 9000, ip6: '2001:db8::7', tcp6: 30304, udp6: 9001, quic: 9001 },
      'node-id': `0x${ENR.decode(encoded).nodeId}`,
      'signature-valid': true,
    });
    expect(kinds(field)).toEqual([]);
    expect(coverageProblems(field, encoded.length)).toEqual([]);
    expect(encodeValue(enrCodec, fieldJson(field))).toEqual(encoded);
  });

  it('reads ChainSafe’s text form and agrees with its node id for many random keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 1, max: 65535 }), (seed, port) => {
        const key = secp256k1.utils.isValidSecretKey(seed) ? seed : privateKey;
        const enr = SignableENR.createV4(key);
        enr.udp = port;
        const bytes = enrFromText(enr.encodeTxt())!;
        expect(toHex(enrNodeId(readEnrRecord(bytes))!).slice(2)).toBe(enr.nodeId);
        expect(verifyEnrSignature(readEnrRecord(bytes))).toBe('valid');
      }),
      { numRuns: 25 },
    );
  });
});

describe('record rules', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

  it('warns about records above 300 bytes', () => {
    const big = signedEnr(key, 1n, { zzz: new Uint8Array(260) });
    expect(big.length).toBeGreaterThan(300);
    expect(kinds(decodeEnr(big).field)).toEqual([ENR_NOTES.size]);
  });

  it('flags keys out of order as an error, yet checks the signature over the bytes as they are', () => {
    const { field } = decodeEnr(unsortedRecord(key));
    expect(kinds(field)).toEqual([ENR_NOTES.keyOrder]);
    expect(collectNotes(field).map((n) => n.severity)).toEqual(['error']);
    expect(fieldJson(field)).toMatchObject({ 'signature-valid': true });
  });

  it('cannot check records of another identity scheme, and says so', () => {
    const v5 = RLP.encode([new Uint8Array(64), Uint8Array.of(1), 'id', 'v5']);
    const { field } = decodeEnr(v5);
    expect(kinds(field)).toEqual([ENR_NOTES.unverifiable]);
    expect(fieldJson(field)).not.toHaveProperty('node-id');
  });

  it('keeps a known key with a value of the wrong type as generic RLP, with an error at that value', () => {
    const record = signedEnr(key, 2n, { ip: Uint8Array.of(1, 2, 3, 4, 5) });
    const { field, complete } = decodeEnr(record);
    expect(complete).toBe(true);
    expect(fieldJson(field)).toMatchObject({ pairs: { ip: '0x0102030405' }, 'signature-valid': true });
    expect(collectNotes(field)).toEqual([expect.objectContaining({ kind: ENR_NOTES.value, field: 'pairs.ip' })]);
  });

  it('stops at the byte where a truncated record breaks, keeping what it read', () => {
    const bytes = enrFromText(example.text)!;
    const { field, complete } = decodeEnr(bytes.subarray(0, 100));
    expect(complete).toBe(false);
    expect(collectNotes(field).some((n) => n.severity === 'error')).toBe(true);
  });

  it('never throws on random or damaged records', () => {
    const valid = enrFromText(example.text)!;
    const damaged = fc
      .tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(valid.length))
      .map(([at, value, cut]) => {
        const copy = valid.slice(0, Math.max(cut, at + 1));
        copy[at] = value;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(damaged, fc.uint8Array({ maxLength: 320 })), (bytes) => {
        const { field } = decodeEnr(bytes);
        expect(field.name).toBe('enr');
      }),
      { numRuns: 1500 },
    );
  });
});

/** A v4 record signed over keys written in reverse order (EIP-778 requires them sorted). */
function unsortedRecord(privateKey: Uint8Array): Uint8Array {
  const content = [
    Uint8Array.of(3),
    'udp',
    Uint8Array.of(0x76, 0x5f),
    'secp256k1',
    secp256k1.getPublicKey(privateKey, true),
    'id',
    'v4',
  ];
  const signature = secp256k1.sign(keccak_256(RLP.encode(content)), privateKey, { prehash: false });
  return RLP.encode([signature, ...content]);
}
