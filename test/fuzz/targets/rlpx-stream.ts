import { RLP } from '@ethereumjs/rlp';
import { toHex } from '../../../decoders/core/bytes';
import type { Direction } from '../../../decoders/core/dissector';
import { KeyStore } from '../../../decoders/core/keys';
import type { DecodedMessage, MessageRecord } from '../../../decoders/core/message';
import { RLPX_NOTES } from '../../../decoders/devp2p';
import { DECRYPTED_FRAME, ENCRYPTED_FRAME } from '../../../decoders/devp2p/frame-message';
import { p2p } from '../../../src-main/rlpx/p2p-protocol';
import { InMemorySession } from '../../devp2p/support/in-memory-session';
import { runPlaybook, type PlaybookEvent } from '../../support/dissector-playbook';
import { concatParts, mutate } from '../mutators';
import type { Random } from '../random';
import { keyStoreWith, recordedRlpxConnections, type TcpSegmentEvent } from '../seeds/sample-flows';
import { check, jsonProblem, sameBytes, type FuzzTarget } from '../target';

/**
 * A whole RLPx connection through the `p2p` TcpProtocol dissector and the real analysis stage: the recorded
 * sample connections (with their key logs) and sessions of Peerscope's endpoints (whose node keys are known too),
 * re-cut into random segments, with one direction's frames mutated, a capture gap, or keys missing or wrong.
 */

/** Which keys the input is read with. */
type KeyChoice = 'key-log' | 'key-log-and-node-keys' | 'none' | 'wrong-secrets';

interface RlpxConnectionSeed {
  name: string;
  segments: TcpSegmentEvent[];
  keyLog: string;
  /** Both sides' static keys, when the connection was made here. */
  nodeKeys: Uint8Array[];
  /** The decoding with the key log (and node keys, when known), per key choice that has one. */
  reference: Map<KeyChoice, Reference>;
}

/** What a clean reading of a connection yields. */
interface Reference {
  records: string[];
  perDirection: [ReferenceMessage[], ReferenceMessage[]];
  /** Bytes of each direction's handshake packet. */
  handshakeLength: [number, number];
}

interface ReferenceMessage {
  /** The message as records show it without pairing (which depends on what the other direction still sends). */
  essential: string;
  /** The decrypted frame, or null for the handshake packets. */
  frame: Uint8Array | null;
  /** Index of the original segment that completed it. */
  segment: number;
}

export interface RlpxStreamInput {
  connection: number;
  keys: KeyChoice;
  /** Each direction's stream as sent (mutated or not). */
  streams: [Uint8Array, Uint8Array];
  /** Where each direction's stream first differs from the original (null: it does not; JSON keeps no Infinity). */
  changedAt: [number | null, number | null];
  /** Per original segment, the cuts inside it (stream offsets of the direction). */
  cuts: number[][];
  /** A capture gap: these bytes of the direction are lost instead of delivered. */
  gap: { dir: Direction; from: number; length: number } | null;
  end: boolean;
  /** Hand the stream data on as Node Buffers, as the engine does. */
  asBuffers: boolean;
}

/** A record without what depends on how bytes were cut (frame, index), with or without its pairing. */
function essential(record: MessageRecord, withPairing: boolean): string {
  const notes = record.notes.filter((n) => withPairing || !n.kind.startsWith('pair.')).map((n) => n.kind);
  const base = { src: record.src, protocol: record.protocol, message: record.message, code: record.code };
  return JSON.stringify({ ...base, fields: record.fields, notes, ...(withPairing && { pair: record.pair?.status }) });
}

function decryptedFrame(message: DecodedMessage): Uint8Array | null {
  return message.sources?.find((s) => s.name === DECRYPTED_FRAME)?.bytes ?? null;
}

/** runPlaybook's client address sends direction 0. */
function directionOf(record: MessageRecord): Direction {
  return record.src === '10.0.0.1:40000' ? 0 : 1;
}

/** Both directions end after the last segment, at its time. */
function endEvents(segments: readonly TcpSegmentEvent[]): PlaybookEvent[] {
  const at = { frame: segments.length + 1, time: segments.at(-1)?.time ?? 0 };
  return [
    { dir: 0, end: true, ...at },
    { dir: 1, end: true, ...at },
  ];
}

function readReference(segments: TcpSegmentEvent[], keys: KeyStore): Reference {
  const events: PlaybookEvent[] = segments.map((s, i) => ({ dir: s.dir, data: s.data, frame: i + 1, time: s.time }));
  events.push(...endEvents(segments));
  const { records, analyzed } = runPlaybook(p2p, events, keys);
  const reference: Reference = {
    records: records.map((r) => essential(r, true)),
    perDirection: [[], []],
    handshakeLength: [0, 0],
  };
  analyzed.forEach((m, i) => {
    const dir = directionOf(records[i]!);
    if (m.decoded.message === 'Auth' || m.decoded.message === 'Ack')
      reference.handshakeLength[dir] = m.decoded.bytes.length;
    reference.perDirection[dir].push({
      essential: essential(records[i]!, false),
      frame: decryptedFrame(m.decoded),
      segment: records[i]!.frame - 1,
    });
  });
  return reference;
}

/** Two of Peerscope's endpoints talking les/4 (EIP-8, then legacy): Hello, Status, a request, Ping, Disconnect. */
function endpointSessions(): { name: string; segments: TcpSegmentEvent[]; keyLog: string; nodeKeys: Uint8Array[] }[] {
  return (['eip8', 'legacy'] as const).map((format, n) => {
    const session = new InMemorySession({ seed: 40 + n, format });
    session.handshake();
    session.act(1, (e) => e.sendMessage('les', 0x02, RLP.encode([5, [15537393, 192, 0, 0]])));
    session.act(0, (e) => e.ping());
    session.act(1, (e) => e.sendMessage('les', 0x03, RLP.encode([5, 300, []])));
    session.act(0, (e) => e.disconnect(0x08));
    const segments = session.writes.map((w, i) => ({
      dir: w.dir,
      data: w.data,
      frame: i + 1,
      time: 1_700_000_000 + i / 100,
    }));
    return {
      name: `endpoints-${format}`,
      segments,
      keyLog: session.keyLogLine,
      nodeKeys: [session.initiator.privateKey, session.recipient.privateKey],
    };
  });
}

function keysFor(seed: RlpxConnectionSeed, choice: KeyChoice): KeyStore {
  if (choice === 'none') return new KeyStore();
  if (choice === 'wrong-secrets') {
    // The right session key with other secrets: the first frame's MAC cannot match.
    const [label, key] = seed.keyLog
      .split('\n')
      .find((l) => l.startsWith('RLPX'))!
      .split(' ');
    return keyStoreWith(`${label} ${key} ${'11'.repeat(32)} ${'22'.repeat(32)} ${'33'.repeat(32)} ${'44'.repeat(32)}`);
  }
  return keyStoreWith(seed.keyLog, choice === 'key-log-and-node-keys' ? seed.nodeKeys : []);
}

function directionStream(seed: RlpxConnectionSeed, dir: Direction): Uint8Array {
  return concatParts(seed.segments.filter((s) => s.dir === dir).map((s) => s.data));
}

/** The events of an input: each original segment's share of its direction's stream, cut where the input says. */
function inputEvents(seed: RlpxConnectionSeed, input: RlpxStreamInput): PlaybookEvent[] {
  const events: PlaybookEvent[] = [];
  const offset: [number, number] = [0, 0];
  const lastOf: [number, number] = [-1, -1];
  seed.segments.forEach((s, i) => (lastOf[s.dir] = i));
  seed.segments.forEach((s, i) => {
    const stream = input.streams[s.dir];
    const from = offset[s.dir];
    const to = i === lastOf[s.dir] ? stream.length : Math.min(stream.length, from + s.data.length);
    offset[s.dir] = to;
    const bounds = [from, ...input.cuts[i]!.filter((c) => c > from && c < to), to];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const [a, b] = [bounds[k]!, bounds[k + 1]!];
      if (b <= a) continue;
      const at = { frame: i + 1, time: s.time };
      const gap = input.gap;
      if (gap && gap.dir === s.dir && a < gap.from + gap.length && b > gap.from) {
        if (a < gap.from) events.push({ dir: s.dir, data: stream.subarray(a, gap.from), ...at });
        if (a <= gap.from) events.push({ dir: s.dir, gap: gap.length, ...at });
        if (b > gap.from + gap.length)
          events.push({ dir: s.dir, data: stream.subarray(gap.from + gap.length, b), ...at });
      } else events.push({ dir: s.dir, data: stream.subarray(a, b), ...at });
    }
  });
  if (input.end) events.push(...endEvents(seed.segments));
  return events;
}

/** The first original segment holding a changed (or lost) byte of `dir` at `offset`, or Infinity. */
function segmentOf(seed: RlpxConnectionSeed, dir: Direction, offset: number): number {
  if (!Number.isFinite(offset)) return Infinity;
  let at = 0;
  for (let i = 0; i < seed.segments.length; i++) {
    const s = seed.segments[i]!;
    if (s.dir !== dir) continue;
    if (offset < at + s.data.length) return i;
    at += s.data.length;
  }
  return seed.segments.length;
}

const MAC_NOTES = new Set<string>([
  RLPX_NOTES.macMismatch,
  RLPX_NOTES.headerGarbled,
  RLPX_NOTES.truncated,
  RLPX_NOTES.gap,
]);

/**
 * Oracles: never throws; records JSON-safe and numbered in order; no capability decoder fails; a frame is decrypted
 * only into exactly the plaintext the clean reading has at its place (a MAC mismatch shows the rest undecrypted with
 * an error note, never garbage), and never without the right secrets; what completed before the first changed or
 * lost byte decodes as in the clean reading; a direction whose frames were changed says so in a note; re-cutting
 * alone changes nothing at all, pairing included.
 */
export function rlpxStreamTarget(): FuzzTarget<RlpxStreamInput> {
  let seeds: RlpxConnectionSeed[] = [];
  return {
    name: 'rlpx-stream',
    weight: 3,
    batchSize: 10,
    prepare() {
      const connections = [
        ...recordedRlpxConnections().map((c) => ({ ...c, nodeKeys: [] as Uint8Array[] })),
        ...endpointSessions(),
      ];
      seeds = connections.map((c) => {
        const seed: RlpxConnectionSeed = { ...c, reference: new Map() };
        seed.reference.set('key-log', readReference(c.segments, keysFor(seed, 'key-log')));
        if (c.nodeKeys.length > 0)
          seed.reference.set(
            'key-log-and-node-keys',
            readReference(c.segments, keysFor(seed, 'key-log-and-node-keys')),
          );
        return seed;
      });
    },
    generate(rng: Random) {
      const connection = rng.below(seeds.length);
      const seed = seeds[connection]!;
      const keys = rng.weighted<KeyChoice>([
        [7, 'key-log'],
        [seed.nodeKeys.length > 0 ? 3 : 0, 'key-log-and-node-keys'],
        [1, 'none'],
        [1, 'wrong-secrets'],
      ]);
      const streams: [Uint8Array, Uint8Array] = [directionStream(seed, 0), directionStream(seed, 1)];
      const changedAt: [number | null, number | null] = [null, null];
      if (rng.chance(0.6)) {
        const dir = rng.below(2) as Direction;
        const original = streams[dir];
        const handshake = seed.reference.get('key-log')!.handshakeLength[dir];
        // Mostly inside the frames: a mutated window, spliced back in place.
        const from = rng.chance(0.9)
          ? handshake + rng.below(Math.max(1, original.length - handshake))
          : rng.below(original.length);
        const window = original.subarray(from, Math.min(original.length, from + 1 + rng.smallish(200)));
        const mutated = concatParts([
          original.subarray(0, from),
          mutate(rng, window, { maxLength: 4096 }),
          original.subarray(from + window.length),
        ]);
        streams[dir] = mutated;
        let first = 0;
        while (first < Math.min(mutated.length, original.length) && mutated[first] === original[first]) first++;
        changedAt[dir] = first === mutated.length && first === original.length ? null : first;
      }
      const cuts = seed.segments.map((s) => {
        const style = rng.below(4);
        const count =
          style === 0 ? 0 : style === 1 ? 1 + rng.below(3) : style === 2 ? rng.smallish(40) : rng.smallish(400);
        return Array.from({ length: count }, () => rng.below(Math.max(1, streams[s.dir].length)));
      });
      for (const list of cuts) list.sort((a, b) => a - b);
      let gap: RlpxStreamInput['gap'] = null;
      if (rng.chance(0.1)) {
        const dir = rng.below(2) as Direction;
        const from = rng.below(Math.max(1, streams[dir].length));
        gap = { dir, from, length: Math.max(1, Math.min(streams[dir].length - from, 1 + rng.smallish(3000))) };
      }
      return { connection, keys, streams, changedAt, cuts, gap, end: rng.chance(0.9), asBuffers: rng.chance(0.5) };
    },
    execute(input) {
      const seed = seeds[input.connection]!;
      // Fresh copies of the streams: a dissector that writes into its input must not change the input.
      const copy = (data: Uint8Array) => (input.asBuffers ? Buffer.from(data) : new Uint8Array(data));
      const given = { ...input, streams: input.streams.map(copy) as [Uint8Array, Uint8Array] };
      const { records, analyzed } = runPlaybook(p2p, inputEvents(seed, given), keysFor(seed, input.keys));
      for (const dir of [0, 1] as const) {
        check(
          sameBytes(given.streams[dir], input.streams[dir]),
          'rlpx: the dissector changed the stream bytes it was given',
        );
      }
      records.forEach((r, i) => {
        const unsafe = jsonProblem(r);
        check(unsafe === null, () => `rlpx: record is not JSON-safe: ${unsafe}`);
        check(r.index === i, 'rlpx: records are not numbered in order');
        const failed = r.notes.find((n) => n.kind === RLPX_NOTES.capabilityFailed);
        check(
          failed === undefined,
          () => `rlpx: a capability decoder threw: ${failed!.text.replace(/\d+/g, 'N')}`,
          failed?.text,
        );
      });
      const reference = seed.reference.get(input.keys === 'key-log-and-node-keys' ? input.keys : 'key-log')!;
      const rightKeys = input.keys === 'key-log' || input.keys === 'key-log-and-node-keys';
      const lostAt = input.changedAt.map((x) => x ?? Infinity) as [number, number];
      if (input.gap) lostAt[input.gap.dir] = Math.min(lostAt[input.gap.dir], input.gap.from);
      const firstChange = Math.min(segmentOf(seed, 0, lostAt[0]), segmentOf(seed, 1, lostAt[1]));
      const seen: [number, number] = [0, 0];
      analyzed.forEach((m, i) => {
        const dir = directionOf(records[i]!);
        const position = seen[dir]++;
        const frame = decryptedFrame(m.decoded);
        if (frame === null) return;
        check(rightKeys, () => `rlpx: a frame was decrypted with ${input.keys} keys`);
        const expected = reference.perDirection[dir][position];
        check(
          expected?.frame != null && sameBytes(expected.frame, frame),
          'rlpx: a frame decrypted to other bytes than the clean reading has there',
          () => `${seed.name} direction ${dir} message ${position}: ${toHex(frame).slice(0, 80)}`,
        );
        check(
          m.decoded.sources!.some((s) => s.name === ENCRYPTED_FRAME),
          'rlpx: a decrypted frame without its wire bytes',
        );
      });
      if (!rightKeys) return;
      for (const dir of [0, 1] as const) {
        const got = records.filter((r) => directionOf(r) === dir);
        const before = reference.perDirection[dir].filter((m) => m.segment < firstChange);
        before.forEach((m, k) => {
          check(
            got[k] !== undefined && essential(got[k]!, false) === m.essential,
            'rlpx: a message completed before the first changed byte decodes differently',
            () =>
              `${seed.name} direction ${dir} message ${k}: ${got[k] ? essential(got[k]!, false).slice(0, 300) : 'missing'} instead of ${m.essential.slice(0, 300)}`,
          );
        });
        const original = directionStream(seed, dir);
        const changed = input.changedAt[dir] ?? Infinity;
        // Cut short without other change, the stream may end on a frame boundary: nothing to note then.
        const onlyCut = changed === input.streams[dir].length && changed < original.length;
        const framesChanged =
          Number.isFinite(changed) &&
          !onlyCut &&
          changed >= reference.handshakeLength[dir] &&
          (changed < original.length || input.streams[dir].length > original.length);
        if (framesChanged && input.end && !input.gap) {
          check(
            got.some((r) => r.notes.some((n) => MAC_NOTES.has(n.kind))),
            'rlpx: changed frames decode without a MAC mismatch or truncation note',
            () => `${seed.name} direction ${dir} changed at ${changed}`,
          );
        }
      }
      if (lostAt.every((x) => !Number.isFinite(x)) && input.end) {
        const essentials = records.map((r) => essential(r, true));
        const differs = essentials.findIndex((e, i) => e !== reference.records[i]);
        check(
          differs < 0 && essentials.length === reference.records.length,
          'rlpx: re-cutting the segments changes the decoding',
          () =>
            `${seed.name} message ${differs}: ${essentials[differs]?.slice(0, 300)} instead of ${reference.records[differs]?.slice(0, 300)}`,
        );
      }
    },
  };
}
