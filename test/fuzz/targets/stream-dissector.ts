import type { Direction, TcpProtocol } from '../../../decoders/core/dissector';
import { KeyStore } from '../../../decoders/core/keys';
import type { MessageRecord } from '../../../decoders/core/message';
import type { PairInfo } from '../../../decoders/core/pairing';
import { ProtocolRegistry } from '../../../decoders/core/registry';
import { eth2rpc, Eth2RpcConnection } from '../../../decoders/eth2rpc';
import { hobbits } from '../../../decoders/hobbits';
import { MessageAnalysis, messageRecord, type AnalyzedMessage } from '../../../src-main/engine/message-analysis';
import { coverageProblems } from '../../support/field-coverage';
import { concatParts } from '../mutators';
import { Random } from '../random';
import { eth2rpcSeedMessages, hobbitsSeedMessages } from '../seeds/protocol-messages';
import { check, jsonProblem, type FuzzTarget } from '../target';
import { checkDecodedMessage, messageSeeds, mutatedMessage, type MessageSeeds } from './protocol-message';

/** One step of a stream: bytes of one direction, a capture gap, a pause of the sender, or the direction's end. */
export type StreamEvent =
  | { dir: Direction; data: Uint8Array }
  | { dir: Direction; gap: number }
  | { dir: Direction; pause: true }
  | { dir: Direction; end: true };

export interface StreamInput {
  events: StreamEvent[];
  /** Eth2RpcConnection's buffering limit (undefined: its default). */
  maxMessage?: number;
}

/** Capture gaps: a few bytes, a segment, more than a message may buffer (rarely: a 16 MiB hole is zero-filled). */
const GAP_LENGTHS: readonly (readonly [number, number])[] = [
  [3, 1],
  [3, 3],
  [3, 17],
  [3, 1000],
  [3, 70000],
  [1, 2 ** 24],
  [3, 2 ** 31 - 1],
];

/**
 * Both directions of a connection: seed messages (some mutated, some with garbage before them) cut into segments at
 * random, interleaved, with segments lost as gaps, pauses, and the directions' ends.
 */
export function generateStream(rng: Random, seeds: MessageSeeds, prefixes: readonly Uint8Array[]): StreamEvent[] {
  const sent: [Uint8Array[], Uint8Array[]] = [[], []];
  const count = 1 + rng.smallish(7);
  for (let i = 0; i < count; i++) {
    const dir: Direction = rng.chance(0.8) ? ((i % 2) as Direction) : (rng.below(2) as Direction);
    if (rng.chance(0.1)) sent[dir].push(rng.bytes(1 + rng.smallish(60)));
    sent[dir].push(rng.chance(0.6) ? rng.pick(seeds.messages) : mutatedMessage(rng, seeds, prefixes));
  }
  const segments: [StreamEvent[], StreamEvent[]] = [[], []];
  for (const dir of [0, 1] as const) {
    const stream = concatParts(sent[dir]);
    for (let at = 0; at < stream.length;) {
      const size = Math.min(stream.length - at, 1 + rng.smallish(rng.chance(0.3) ? 15 : 2000));
      const roll = rng.below(100);
      if (roll < 6) segments[dir].push({ dir, gap: size });
      else segments[dir].push({ dir, data: stream.subarray(at, at + size) });
      if (roll >= 6 && roll < 9) segments[dir].push({ dir, gap: rng.weighted(GAP_LENGTHS) });
      if (rng.chance(0.15)) segments[dir].push({ dir, pause: true });
      at += size;
    }
  }
  const events: StreamEvent[] = [];
  while (segments[0].length > 0 || segments[1].length > 0) {
    const dir: Direction = segments[1].length === 0 ? 0 : segments[0].length === 0 ? 1 : (rng.below(2) as Direction);
    events.push(segments[dir].shift()!);
  }
  for (const dir of rng.shuffled([0, 1] as const)) if (rng.chance(0.9)) events.push({ dir, end: true });
  return events;
}

/**
 * Runs a connection dissector through the real analysis stage (numbering, pairing, notes), like
 * test/support/dissector-playbook.ts, with pause hints for dissectors that take them. Checks every emitted message
 * and record as it goes.
 */
export function playStream(
  protocol: TcpProtocol,
  input: StreamInput,
  checkMessage: (message: AnalyzedMessage) => void,
): MessageRecord[] {
  const analyzed: AnalyzedMessage[] = [];
  const finalPair = new Map<number, PairInfo>();
  const analysis = new MessageAnalysis(
    {
      message: (m) => {
        checkMessage(m);
        analyzed.push(m);
      },
      pairUpdate: (index, pair) => finalPair.set(index, pair),
      streamNote: () => {},
    },
    new ProtocolRegistry().register(protocol),
    new KeyStore(),
  );
  const host = analysis.host({ stream: 'tcp:0', endpoints: ['10.0.0.1:40000', '10.0.0.2:9000'] }, protocol);
  const dissector =
    protocol === eth2rpc && input.maxMessage !== undefined
      ? new Eth2RpcConnection(host, { maxMessage: input.maxMessage })
      : protocol.open(host);
  input.events.forEach((e, i) => {
    const at = { frame: i + 1, time: 1_560_000_000 + i };
    if ('data' in e) {
      dissector.data(e.dir, e.data, at);
      if (dissector instanceof Eth2RpcConnection && input.maxMessage !== undefined) {
        const held = dissector.buffered(e.dir);
        check(
          held <= input.maxMessage + e.data.length,
          () =>
            `eth2rpc stream buffers ${held} bytes, over its limit ${input.maxMessage} + the ${e.data.length} just given`,
        );
      }
    } else if ('gap' in e) dissector.gap(e.dir, e.gap, at);
    else if ('pause' in e) {
      if ('pause' in dissector && typeof dissector.pause === 'function') dissector.pause(e.dir, at);
    } else dissector.end(e.dir, at);
  });
  analysis.finish();
  return analyzed.map((m) => messageRecord(m, finalPair.get(m.index) ?? m.pair));
}

function streamTarget(
  name: string,
  protocol: TcpProtocol,
  seedMessages: (rng: Random) => Uint8Array[],
  prefixes: readonly Uint8Array[],
  coverageAlways: boolean,
): FuzzTarget<StreamInput> {
  let seeds: MessageSeeds = { messages: [], numberFields: [], donors: [] };
  return {
    name,
    weight: 6,
    batchSize: 100,
    prepare(seed) {
      seeds = messageSeeds(protocol, seedMessages(new Random(seed, 0x5743)));
    },
    generate(rng) {
      const events = generateStream(rng, seeds, prefixes);
      return protocol === eth2rpc && rng.chance(0.3) ? { events, maxMessage: rng.pick([64, 512, 4096]) } : { events };
    },
    execute(input) {
      const records = playStream(protocol, input, (m) => {
        const bytes = m.decoded.bytes;
        const notes = checkDecodedMessage(protocol, bytes, m.decoded);
        if (!coverageAlways && notes.some((n) => n.severity === 'error')) return;
        const gaps = coverageProblems(m.decoded.tree, bytes.length);
        check(
          gaps.length === 0,
          () => `${name} ${m.decoded.message}: bytes no field explains: ${gaps.slice(0, 3).join('; ')}`,
        );
      });
      for (const record of records) {
        const unsafe = jsonProblem(record);
        check(unsafe === null, () => `${name}: message record is not JSON-safe: ${unsafe}`);
      }
      check(
        records.every((r, i) => r.index === i),
        `${name}: records are not numbered in order`,
      );
    },
  };
}

export function hobbitsStreamTarget(): FuzzTarget<StreamInput> {
  const prefixes = [Uint8Array.of(0x45, 0x57, 0x50, 0, 0, 0, 3), new TextEncoder().encode('EWP 0.2 RPC ')];
  return streamTarget('hobbits-stream', hobbits, hobbitsSeedMessages, prefixes, false);
}

export function eth2rpcStreamTarget(): FuzzTarget<StreamInput> {
  return streamTarget('eth2rpc-stream', eth2rpc, eth2rpcSeedMessages, [Uint8Array.of(0x45, 0x54, 0x48)], true);
}
