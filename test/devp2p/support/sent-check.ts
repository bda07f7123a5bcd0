import { expect } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { toHex } from '../../../decoders/core/bytes';
import type { MessageRecord } from '../../../decoders/core/message';
import { manifestMessage, type ManifestMessage } from './exchange-manifest';
import type { AnalyzedCapture } from './interop-session';
import type { SentMessage } from './recorded-connection';

/** Base-protocol messages and handshake packets are compared by name only, as the sent log knows them. */
function shownAs(r: MessageRecord, bytes: Uint8Array): Omit<ManifestMessage, 'by' | 'fields'> {
  const capability = r.protocol !== 'p2p';
  return {
    protocol: r.protocol,
    message: r.message,
    code: capability ? r.code : null,
    payloadLength: capability ? bytes.length : null,
    payloadKeccak256: capability ? toHex(keccak_256(bytes)) : null,
  };
}

/** The decoded messages one address sent, in capture order, each with its bytes. */
export function sentFrom(analyzed: AnalyzedCapture, address: string): { record: MessageRecord; bytes: Uint8Array }[] {
  return analyzed.records.flatMap((record, i) =>
    record.src === address ? [{ record, bytes: analyzed.bytes[i]! }] : [],
  );
}

/**
 * The decoding shows exactly what `by` sent from `address`: the same messages in the same order, each
 * capability message with the very bytes sent (length and keccak256) and the field values the sender meant.
 */
export function expectShownAsSent(
  analyzed: AnalyzedCapture,
  sent: readonly (SentMessage | ManifestMessage)[],
  by: string,
  address: string,
): void {
  const shown = sentFrom(analyzed, address);
  const expected = sent.filter((m) => m.by === by).map((m) => ('payload' in m ? manifestMessage(m) : m));
  expect(shown.map((s) => shownAs(s.record, s.bytes))).toEqual(expected.map(({ by: _by, fields: _fields, ...m }) => m));
  expected.forEach((m, i) => {
    if (m.fields) expect(shown[i]!.record.fields, `${by} ${m.message} #${i}`).toMatchObject(m.fields);
  });
}

/** Every request is matched with the response of the same id from the other side, and the latency is shown. */
export function expectEveryRequestAnswered(records: readonly MessageRecord[], protocol: string): number {
  const withIds = records.filter((r) => r.protocol === protocol && r.requestId !== null);
  for (const r of withIds) {
    expect(r.pair, `${r.message} ${r.requestId}`).toMatchObject({ status: 'matched' });
    const partner = records.find((p) => p.index === r.pair!.index)!;
    expect(partner.requestId).toBe(r.requestId);
    expect(partner.src).toBe(r.dst);
    expect(partner.pair!.index).toBe(r.index);
    expect(r.pair!.latencyMs).toBeGreaterThan(0);
    expect(r.pair!.latencyMs).toBe(partner.pair!.latencyMs);
  }
  return withIds.length / 2;
}

/** Every note in the decoding as `message:kind`, in order. */
export function noteKinds(records: readonly MessageRecord[]): string[] {
  return records.flatMap((r) => r.notes.map((n) => `${r.message}:${n.kind}`));
}
