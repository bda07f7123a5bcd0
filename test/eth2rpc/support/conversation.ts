import { concatBytes } from '../../../decoders/core/bytes';
import type { Direction } from '../../../decoders/core/dissector';
import type { MessageRecord } from '../../../decoders/core/message';
import { methodByName } from '../../../decoders/eth2rpc/methods';
import type { PlaybookEvent } from '../../support/dissector-playbook';
import { requestType, responseType } from './beacon-values';
import { frameFixed, frameSsz, withUnionIndex } from './wire-layouts';

/** Messages for playbooks, framed by hand (ETH ‖ SSZ wrapper, union index = position unless asked otherwise). */

export function request(
  method: string,
  id: number,
  body: unknown,
  union: 'position' | 'none' = 'position',
): Uint8Array {
  const m = methodByName(method)!;
  const bytes = requestType(method).serialize(body);
  return frameSsz(BigInt(id), m.id, union === 'none' ? bytes : withUnionIndex(m.position, bytes));
}

export function response(method: string, id: number, result: unknown, code = 0): Uint8Array {
  return frameSsz(BigInt(id), code, responseType(method).serialize(result));
}

export function errorResponse(id: number, code: number, details: string): Uint8Array {
  return frameSsz(BigInt(id), code, new TextEncoder().encode(details));
}

export function fixedRequest(method: string, id: number, body: unknown): Uint8Array {
  return frameFixed(BigInt(id), methodByName(method)!.id, requestType(method).serialize(body));
}

export const root = (byte: number) => new Uint8Array(32).fill(byte);

export function helloBody(network = 1, chain = 1n, bestSlot = 100n) {
  return {
    network_id: network,
    chain_id: chain,
    latest_finalized_root: root(0xaa),
    latest_finalized_epoch: 3n,
    best_root: root(0xbb),
    best_slot: bestSlot,
  };
}

export function header(slot: bigint) {
  return { slot, parent_root: root(1), state_root: root(2), body_root: root(3), signature: new Uint8Array(96) };
}

/** An empty (zero-valued) block body, as the spec returns for an unknown root. */
export function zeroBody() {
  return {
    randao_reveal: new Uint8Array(96),
    eth1_data: { deposit_root: root(0), deposit_count: 0n, block_hash: root(0) },
    graffiti: root(0),
    proposer_slashings: [],
    attester_slashings: [],
    attestations: [],
    deposits: [],
    voluntary_exits: [],
    transfers: [],
  };
}

/** One message per event, then both directions end. */
export function turns(messages: readonly [Direction, Uint8Array][]): PlaybookEvent[] {
  return [...messages.map(([dir, data]) => ({ dir, data })), { dir: 0, end: true }, { dir: 1, end: true }];
}

/** Each message cut at the given fractions of its length (same-direction neighbours may share a segment). */
export function segmented(messages: readonly [Direction, Uint8Array][], cuts: readonly number[][]): PlaybookEvent[] {
  const events: PlaybookEvent[] = [];
  messages.forEach(([dir, data], i) => {
    const points = [...new Set((cuts[i] ?? []).map((f) => Math.floor(f * data.length)))]
      .filter((p) => p > 0 && p < data.length)
      .sort((a, b) => a - b);
    let from = 0;
    for (const p of [...points, data.length]) {
      events.push({ dir, data: data.subarray(from, p) });
      from = p;
    }
  });
  return [...events, { dir: 0, end: true }, { dir: 1, end: true }];
}

/** Consecutive messages of one direction sent in one segment. */
export function coalesced(messages: readonly [Direction, Uint8Array][]): PlaybookEvent[] {
  const events: { dir: Direction; data: Uint8Array }[] = [];
  for (const [dir, data] of messages) {
    const last = events.at(-1);
    if (last && last.dir === dir) last.data = concatBytes([last.data, data]);
    else events.push({ dir, data });
  }
  return [...events, { dir: 0, end: true }, { dir: 1, end: true }];
}

/** What a record says, without where in the capture it completed (which depends on the segmentation). */
export function contentOf(records: readonly MessageRecord[]) {
  return records.map(({ frame: _frame, time: _time, pair, ...rest }) => ({
    ...rest,
    pair: pair && { status: pair.status, index: pair.index },
  }));
}
