import { RLP, type Input } from '@ethereumjs/rlp';
import { concatBytes, fromHex } from '../../../decoders/core/bytes';
import type { Direction } from '../../../decoders/core/dissector';
import type { Capability } from '../../../decoders/devp2p/capability';
import { DECRYPTED_FRAME } from '../../../decoders/devp2p/frame-message';
import { eth, snap } from '../../../decoders/eth';
import { les } from '../../../decoders/les';
import { ress } from '../../../decoders/ress';
import { p2p } from '../../../src-main/rlpx/p2p-protocol';
import { runPlaybook } from '../../support/dissector-playbook';
import {
  body,
  dynamicFeeTx,
  legacyTx,
  mainnetHeader,
  proofNodeInputs,
  proofNodes,
  receipts,
  withdrawal,
} from '../../ethereum/support/chain-data';
import { rlpxVectors } from '../../devp2p/support/vectors';
import { sharedVector } from '../../ethereum/support/vectors';
import type { Random } from '../random';
import { keyStoreWith, recordedRlpxConnections } from './sample-flows';
import { encodedFromSchemas } from './schema-values';

/**
 * Seed messages of the RLPx capabilities and the base protocol: what the recorded sample connections carried
 * (decrypted with their key logs), composer JSON from every message's schema, real chain data (a mainnet header,
 * bodies of every transaction kind, receipts, proof nodes) and the LES and ress vectors.
 */

/** A capability message as the RLPx dissector hands it to a session: the relative code and the payload. */
export interface CodePayload {
  code: number;
  payload: Uint8Array;
}

export const CAPABILITIES: readonly Capability[] = [eth, les, ress, snap];

/** A capability message and the direction it was sent in. */
export interface SentMessage {
  dir: Direction;
  message: CodePayload;
}

interface SampleMessages {
  /** Base-protocol messages as a frame holds them: rlp(code) ‖ data (decompressed). */
  p2p: Uint8Array[];
  /** Capability messages by protocol name. */
  capabilities: Map<string, CodePayload[]>;
  /** Each connection's messages of a protocol in order, by protocol name. */
  conversations: Map<string, SentMessage[][]>;
}

let sampleMessages: SampleMessages | null = null;

/** The messages of the recorded RLPx connections (read once per thread). */
export function rlpxSampleMessages(): SampleMessages {
  if (sampleMessages) return sampleMessages;
  const found: SampleMessages = { p2p: [], capabilities: new Map(), conversations: new Map() };
  for (const connection of recordedRlpxConnections()) {
    const { analyzed, records } = runPlaybook(p2p, connection.segments, keyStoreWith(connection.keyLog));
    const conversations = new Map<string, SentMessage[]>();
    analyzed.forEach(({ decoded }, i) => {
      if (!decoded.sources?.some((s) => s.name === DECRYPTED_FRAME)) return;
      if (decoded.protocol === 'p2p') found.p2p.push(decoded.bytes);
      else if (decoded.code !== null) {
        const message = { code: decoded.code, payload: decoded.bytes };
        found.capabilities.set(decoded.protocol, [...(found.capabilities.get(decoded.protocol) ?? []), message]);
        const dir: Direction = records[i]!.src === records[0]!.src ? 0 : 1;
        conversations.set(decoded.protocol, [...(conversations.get(decoded.protocol) ?? []), { dir, message }]);
      }
    });
    for (const [protocol, sent] of conversations)
      found.conversations.set(protocol, [...(found.conversations.get(protocol) ?? []), sent]);
  }
  return (sampleMessages = found);
}

/** `rlp(code) ‖ payload`: a capability message as `decodeMessage` reads it. */
export function withCode(code: number, payload: Uint8Array): Uint8Array {
  return concatBytes([RLP.encode(code), payload]);
}

const fill = (size: number, byte: number) => new Uint8Array(size).fill(byte);
const HASH_A = fill(32, 0xab);
const HASH_B = fill(32, 0x5c);
const MAINNET_GENESIS = fromHex('d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3');
const FORK_ID: Input = [fromHex('9f3d2254'), 1746612311];

/** Payloads built from chain data with @ethereumjs/rlp, per capability: [code, RLP input]. */
function chainPayloads(capability: string): [number, Input][] {
  const header = mainnetHeader.input;
  switch (capability) {
    case 'eth':
      return [
        [0x00, [68, 1, 17n ** 20n, HASH_A, MAINNET_GENESIS, FORK_ID]],
        [0x00, [69, 1, MAINNET_GENESIS, FORK_ID, 0, 22_000_000, HASH_A]],
        [0x01, [[HASH_A, 100]]],
        [0x02, [legacyTx, dynamicFeeTx]],
        [0x03, [1, [HASH_A, 10, 0, 1]]],
        [0x03, [1, [14764013, 2, 3, 0]]],
        [0x04, [1, [header, header]]],
        [0x06, [2, [body, [[], [], []]]]],
        [0x07, [[header, [legacyTx, dynamicFeeTx], []], 12345]],
        [0x08, [Uint8Array.of(0, 2), [100, 200], [HASH_A, HASH_B]]],
        [0x0a, [3, [legacyTx, dynamicFeeTx]]],
        [0x0e, [4, proofNodes]],
        [0x10, [5, [receipts]]],
        [0x10, [5, 0, [[[2, Uint8Array.of(1), 21000, []]]]]],
        [0x11, [0, 22_000_000, HASH_A]],
      ];
    case 'snap':
      return [
        [0x00, [1, HASH_A, HASH_B, fill(32, 0xff), 1000]],
        [0x01, [1, [[HASH_A, RLP.encode([1, 2, new Uint8Array(0), new Uint8Array(0)])]], proofNodes.slice(0, 2)]],
        [0x03, [2, [[[HASH_A, RLP.encode(5)]]], proofNodes.slice(0, 1)]],
        [0x05, [3, [Uint8Array.of(0x60, 0x80)]]],
        [0x06, [4, HASH_A, [[Uint8Array.of(0x12)], [HASH_B, Uint8Array.of(0x00)]], 5000]],
        [0x07, [4, proofNodes]],
      ];
    case 'les':
      return [
        [0x02, [5, [15537393, 192, 0, 0]]],
        [0x03, [5, 100, [header]]],
        [0x05, [7, 300, [body]]],
        [0x07, [9, 300, [receipts]]],
        [0x0f, [11, [[HASH_A, HASH_B, HASH_A, 0]]]],
        [0x10, [13, 300, proofNodeInputs]],
        [0x11, [12, [[0, 450, Uint8Array.of(1, 2), 2, 0]]]],
        [0x13, [15, [legacyTx, dynamicFeeTx]]],
        [0x14, [16, [HASH_A]]],
        [
          0x15,
          [
            16,
            300,
            [
              [3, RLP.encode([HASH_A, 1, 2])],
              [2, [], new Uint8Array(0)],
            ],
          ],
        ],
        [0x16, []],
        [0x17, [300]],
      ];
    case 'ress':
      return [
        [0x02, [1, [header]]],
        [0x04, [1, [body, [[], [], [withdrawal]]]]],
        [0x08, [3, proofNodes]],
        [0x08, [3, [proofNodes.map((n) => [HASH_A, n])]]],
      ];
    default:
      return [];
  }
}

/** The LES and ress vector payloads, with their codes. */
function vectorMessages(capability: string): Uint8Array[] {
  if (capability === 'les') {
    type LesVectors = { les_messages_derived: Record<string, { body?: string; body_geth?: string }> };
    const derived = sharedVector<LesVectors>('les.json').les_messages_derived;
    const codes: Record<string, number> = {
      status_les4_client: 0x00,
      get_block_headers_by_number: 0x02,
      get_block_headers_by_hash_reverse: 0x02,
      block_headers_empty_reply: 0x03,
      get_receipts: 0x06,
      stop_msg_geth: 0x16,
      resume_msg_geth: 0x17,
    };
    return Object.entries(codes).flatMap(([name, code]) => {
      const hex = derived[name]?.body ?? derived[name]?.body_geth;
      return hex ? [withCode(code, fromHex(hex))] : [];
    });
  }
  if (capability === 'ress') {
    type RessVectors = Record<string, { examples?: { local_msg_id: number; body: string }[] }>;
    const vectors = sharedVector<RessVectors>('ress.json');
    return ['reth_ress_v1', 'ress_repo_feb_2025_seed_era'].flatMap((era) =>
      (vectors[era]?.examples ?? []).map((e) => withCode(e.local_msg_id, fromHex(e.body))),
    );
  }
  return [];
}

/** Seed messages (`rlp(code) ‖ payload`) of one capability, `perMessage` schema values of each declared message. */
export function capabilitySeedMessages(capability: Capability, rng: Random, perMessage = 3): Uint8Array[] {
  const name = capability.capability;
  const samples = rlpxSampleMessages().capabilities.get(capability.declaration.name) ?? [];
  return [
    ...samples.map((m) => withCode(m.code, m.payload)),
    ...chainPayloads(name).map(([code, input]) => withCode(code, RLP.encode(input))),
    ...vectorMessages(name),
    ...encodedFromSchemas(capability, rng, perMessage).map((m) => m.bytes),
  ];
}

/** Base-protocol messages: the samples' Hello, Ping, Pong, Disconnect, the EIP-8 Hello vector, schema values. */
export function p2pSeedMessages(rng: Random): Uint8Array[] {
  return [
    ...rlpxSampleMessages().p2p,
    withCode(0, fromHex(rlpxVectors.p2p_hello_eip8.hex)),
    withCode(rlpxVectors.frame_golden.msg_code, fromHex(rlpxVectors.frame_golden.msg_rlp)),
    ...encodedFromSchemas(p2p, rng, 4)
      .filter((m) => m.message !== 'Auth' && m.message !== 'Ack' && m.message !== 'Encrypted')
      .map((m) => m.bytes),
  ];
}
