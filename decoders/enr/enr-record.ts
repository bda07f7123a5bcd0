import { keccak256 } from '../ethereum/keccak';
import { readRlpHeader, rlpListHeader } from '../codecs/rlp';
import { bytesEqual, concatBytes, decodeUtf8Strict, isPrintableAscii, toHex } from '../core/bytes';
import { DecodeError } from '../core/reader';
import { nodeIdFromPublicKey, verifyV4Signature, type SignatureCheck } from './identity-v4';

/**
 * An ENR read for its facts (EIP-778, devp2p enr.md): `[signature, seq, k1, v1, k2, v2, …]` with the byte span
 * of every item, so the field tree, the signature check and the node directory all work from one reading.
 */

/** Largest encoded record the spec allows. */
export const MAX_ENR_SIZE = 300;

export interface RlpSpan {
  start: number;
  end: number;
  payloadStart: number;
  isList: boolean;
}

export interface EnrPair {
  /** The key as text when it is printable ASCII, else 0x-hex. */
  key: string;
  keyBytes: Uint8Array;
  keySpan: RlpSpan;
  valueSpan: RlpSpan;
}

export interface EnrRecord {
  /** The buffer the spans refer to. */
  bytes: Uint8Array;
  span: RlpSpan;
  signature: RlpSpan | null;
  seq: RlpSpan | null;
  pairs: EnrPair[];
  /** Where the record stops being well-formed RLP (a key without value counts), or null. */
  error: DecodeError | null;
}

/** Reads the record whose RLP list starts at `start`; never throws (problems land in `error`). */
export function readEnrRecord(bytes: Uint8Array, start = 0, end = bytes.length): EnrRecord {
  const record: EnrRecord = {
    bytes,
    span: { start, end: start, payloadStart: start, isList: true },
    signature: null,
    seq: null,
    pairs: [],
    error: null,
  };
  try {
    const h = readRlpHeader(bytes, start, end);
    if (!h.isList) throw new DecodeError(start, 'an ENR is an RLP list, found a string', 'rlp.type');
    record.span = { start, end: h.payloadEnd, payloadStart: h.payloadStart, isList: true };
    let at = h.payloadStart;
    const item = (what: string): RlpSpan => {
      if (at >= h.payloadEnd) throw new DecodeError(at, `ENR: ${what} is missing`, 'rlp.shape');
      const ih = readRlpHeader(bytes, at, h.payloadEnd);
      const span = { start: at, end: ih.payloadEnd, payloadStart: ih.payloadStart, isList: ih.isList };
      at = ih.payloadEnd;
      return span;
    };
    record.signature = item('the signature');
    record.seq = item('the sequence number');
    while (at < h.payloadEnd) {
      const keySpan = item('a key');
      const valueSpan = item('the value of a key');
      if (keySpan.isList) throw new DecodeError(keySpan.start, 'ENR: a key must be a string', 'rlp.type');
      const keyBytes = bytes.subarray(keySpan.payloadStart, keySpan.end);
      record.pairs.push({ key: enrKeyName(keyBytes), keyBytes, keySpan, valueSpan });
    }
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    record.error = e;
  }
  return record;
}

/** A key's name in JSON: its text when printable (every key in use is), else 0x-hex. */
export function enrKeyName(key: Uint8Array): string {
  const text = key.length > 0 && isPrintableAscii(key) ? decodeUtf8Strict(key) : null;
  return text !== null && !/^0[xX]/.test(text) ? text : toHex(key);
}

/** The payload of a string value, or the whole encoding of a list value. */
export function enrValueBytes(record: EnrRecord, pair: EnrPair): Uint8Array {
  const v = pair.valueSpan;
  return record.bytes.subarray(v.isList ? v.start : v.payloadStart, v.end);
}

/** Key → value bytes (string payloads; list values as their whole RLP), first occurrence of each key. */
export function enrPairMap(record: EnrRecord): Map<string, Uint8Array> {
  const map = new Map<string, Uint8Array>();
  for (const pair of record.pairs) if (!map.has(pair.key)) map.set(pair.key, enrValueBytes(record, pair));
  return map;
}

export function enrSequence(record: EnrRecord): bigint | null {
  if (!record.seq || record.seq.isList) return null;
  let n = 0n;
  for (const b of record.bytes.subarray(record.seq.payloadStart, record.seq.end)) n = (n << 8n) | BigInt(b);
  return n;
}

/** The identity of a v4 record: its compressed public key and node id; null for other schemes or a bad key. */
export function enrIdentity(record: EnrRecord): { publicKey: Uint8Array; nodeId: Uint8Array } | null {
  const pairs = enrPairMap(record);
  const id = pairs.get('id');
  const publicKey = pairs.get('secp256k1');
  if (!id || !bytesEqual(id, V4) || !publicKey || publicKey.length !== 33) return null;
  const nodeId = nodeIdFromPublicKey(publicKey);
  return nodeId && { publicKey, nodeId };
}

export function enrPublicKey(record: EnrRecord): Uint8Array | null {
  return enrIdentity(record)?.publicKey ?? null;
}

export function enrNodeId(record: EnrRecord): Uint8Array | null {
  return enrIdentity(record)?.nodeId ?? null;
}

const V4 = new TextEncoder().encode('v4');

/**
 * Signature checks by record bytes. A check costs milliseconds, and the same records come back in NODES after
 * NODES, and are read twice per message (for the tree and for the node directory) and once per analysis pass.
 */
const checked = new Map<string, SignatureCheck | 'unverifiable'>();
const CHECKS_KEPT = 4096;

/**
 * The v4 signature check: keccak256(rlp([seq, k, v, …])) signed by the record's own key. The signed content is
 * the record's own bytes after the signature under a new list header, so nothing is re-encoded.
 * `unverifiable` when the record is malformed or not of scheme v4.
 */
export function verifyEnrSignature(record: EnrRecord): SignatureCheck | 'unverifiable' {
  const key = toHex(record.bytes, record.span.start, record.span.end);
  const known = checked.get(key);
  if (known !== undefined) return known;
  const result = checkSignature(record);
  if (checked.size >= CHECKS_KEPT) checked.delete(checked.keys().next().value!);
  checked.set(key, result);
  return result;
}

function checkSignature(record: EnrRecord): SignatureCheck | 'unverifiable' {
  const identity = enrIdentity(record);
  if (record.error || !record.signature || !record.seq || identity === null) return 'unverifiable';
  const content = record.bytes.subarray(record.seq.start, record.span.end);
  const signed = concatBytes([rlpListHeader([content]), content]);
  const signature = record.bytes.subarray(record.signature.payloadStart, record.signature.end);
  return verifyV4Signature(signature, keccak256(signed), identity.publicKey);
}

/** Keys must be sorted and unique (EIP-778): the first key that breaks the order, or null. */
export function firstUnsortedKey(record: EnrRecord): EnrPair | null {
  for (let i = 1; i < record.pairs.length; i++) {
    if (compareBytes(record.pairs[i - 1]!.keyBytes, record.pairs[i]!.keyBytes) >= 0) return record.pairs[i]!;
  }
  return null;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
