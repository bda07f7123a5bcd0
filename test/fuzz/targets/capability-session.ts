import { RLP } from '@ethereumjs/rlp';
import type { Direction } from '../../../decoders/core/dissector';
import { KeyStore } from '../../../decoders/core/keys';
import type { MessageRecord } from '../../../decoders/core/message';
import type { PairInfo } from '../../../decoders/core/pairing';
import { ProtocolRegistry } from '../../../decoders/core/registry';
import type { Capability, CapabilityHost } from '../../../decoders/devp2p/capability';
import { LES_NOTES } from '../../../decoders/les/note-kinds';
import { MessageAnalysis, messageRecord, type AnalyzedMessage } from '../../../src-main/engine/message-analysis';
import { splitCode } from '../../ethereum/support/capability-playbook';
import { nodeKey } from '../../ethereum/support/chain-data';
import { mutate } from '../mutators';
import { hashText, Random } from '../random';
import {
  CAPABILITIES,
  capabilitySeedMessages,
  rlpxSampleMessages,
  type CodePayload,
  type SentMessage,
} from '../seeds/capability-messages';
import { check, jsonProblem, type FuzzTarget } from '../target';
import { checkMessageDecode, TRAILING_BYTES } from './message-codecs';

/**
 * Capability sessions (eth, les, ress, snap) opened at every version they define, through a CapabilityHost over
 * the real analysis stage, fed sequences of messages: the recorded conversations with messages mutated, dropped,
 * repeated or sent the other way, and messages picked at random.
 */

interface SessionSeeds {
  capability: Capability;
  versions: number[];
  messages: CodePayload[];
  /** The sample conversations of this capability, each message with its direction. */
  conversations: SentMessage[][];
}

export interface SessionInput {
  capability: number;
  version: number;
  /** Whether the handshake revealed both node ids. */
  nodeIds: boolean;
  steps: { dir: Direction; code: number; payload: Uint8Array; time: number }[];
}

/** Versions whose offset length the capability knows: the ones an RLPx connection can negotiate and open. */
function openableVersions(capability: Capability): number[] {
  return Array.from({ length: 80 }, (_, v) => v).filter((v) => capability.length(v) !== undefined);
}

const CAPABILITY_NOT_IN_JSON = new Set([TRAILING_BYTES, 'devp2p.code.raw-zero', LES_NOTES.keyDuplicate]);
const NODE_IDS: [Uint8Array, Uint8Array] = [nodeKey(1).nodeId, nodeKey(2).nodeId];

/**
 * Runs a capability session the way the RLPx dissector runs it: a CapabilityHost over the real analysis stage
 * (numbering, pairing by the capability's declaration, pairing notes), as test/ethereum/support/capability-playbook.ts.
 */
function playSession(
  capability: Capability,
  input: SessionInput,
): { records: MessageRecord[]; analyzed: AnalyzedMessage[] } {
  const analyzed: AnalyzedMessage[] = [];
  const finalPair = new Map<number, PairInfo>();
  const analysis = new MessageAnalysis(
    {
      message: (m) => analyzed.push(m),
      pairUpdate: (index, pair) => finalPair.set(index, pair),
      streamNote: () => {},
    },
    new ProtocolRegistry().register(capability),
    new KeyStore(),
  );
  const base = analysis.host({ stream: 'tcp:0', endpoints: ['10.0.0.1:30303', '10.0.0.2:30303'] }, capability);
  const host: CapabilityHost = {
    ...base,
    keys: base.keys,
    nodeId: (direction) => (input.nodeIds ? NODE_IDS[direction] : undefined),
    initiator: 0,
  };
  const session = capability.open(host, input.version);
  input.steps.forEach((step, i) => {
    const message = { code: step.code, payload: step.payload, sources: [] };
    session.message(step.dir, message, { frame: i + 1, time: step.time });
  });
  analysis.finish();
  return { records: analyzed.map((m) => messageRecord(m, finalPair.get(m.index) ?? m.pair)), analyzed };
}

/**
 * Oracles: never throws; one record per message, numbered in order, JSON-safe; every message answers to the
 * decoder oracles over its payload (the code is generated, the payload the byte source), and one read without an
 * error covers the payload and encodes back to `rlp(code) ‖ payload`.
 */
export function capabilitySessionTarget(): FuzzTarget<SessionInput> {
  let seeds: SessionSeeds[] = [];
  return {
    name: 'capability-session',
    weight: 5,
    batchSize: 40,
    prepare(seed) {
      const { conversations } = rlpxSampleMessages();
      seeds = CAPABILITIES.map((capability) => ({
        capability,
        versions: openableVersions(capability),
        messages: capabilitySeedMessages(capability, new Random(seed, hashText(capability.capability)), 2).map(
          splitCode,
        ),
        conversations: conversations.get(capability.declaration.name) ?? [],
      }));
    },
    generate(rng: Random) {
      const index = rng.below(seeds.length);
      const { versions, messages, conversations } = seeds[index]!;
      const base: SentMessage[] =
        conversations.length > 0 && rng.chance(0.6)
          ? rng.pick(conversations)
          : Array.from({ length: 1 + rng.smallish(15) }, () => ({
              dir: rng.below(2) as Direction,
              message: rng.pick(messages),
            }));
      const steps: SessionInput['steps'] = [];
      let time = 1_700_000_000;
      for (const { dir, message } of base) {
        if (rng.chance(0.05)) continue;
        time += rng.chance(0.1) ? rng.pick([0, 0.001, 5, 3600]) : 0.05;
        const payload = rng.chance(0.2) ? mutate(rng, message.payload, { maxLength: 1 << 16 }) : message.payload;
        const code = rng.chance(0.05) ? rng.smallish(40) : message.code;
        steps.push({ dir: rng.chance(0.05) ? ((1 - dir) as Direction) : dir, code, payload, time });
        if (rng.chance(0.05)) steps.push({ ...steps.at(-1)! });
      }
      return { capability: index, version: rng.pick(versions), nodeIds: rng.chance(0.5), steps };
    },
    execute(input) {
      const { capability } = seeds[input.capability]!;
      const name = `${capability.declaration.name} session`;
      const { records, analyzed } = playSession(capability, input);
      check(
        records.length === input.steps.length,
        () => `${name}: ${records.length} messages for ${input.steps.length} sent`,
        `version ${input.version}`,
      );
      records.forEach((r, i) => {
        check(r.index === i, `${name}: records are not numbered in order`);
        const unsafe = jsonProblem(r);
        check(unsafe === null, () => `${name}: record is not JSON-safe: ${unsafe}`);
      });
      analyzed.forEach((m, i) => {
        const { code, payload } = input.steps[i]!;
        check(m.decoded.bytes.length === payload.length, `${name}: a message does not keep its payload`);
        checkMessageDecode(capability, payload, m.decoded, CAPABILITY_NOT_IN_JSON, RLP.encode(code));
      });
    },
  };
}
