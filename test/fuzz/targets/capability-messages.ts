import type { DeclaredProtocol } from '../../../decoders/core/declaration';
import type { MessageCodec } from '../../../decoders/core/dissector';
import { ethDeclaration } from '../../../decoders/eth/declaration';
import {
  ETH_LATEST_VERSION,
  ETH_MESSAGES,
  SNAP_LATEST_VERSION,
  SNAP_MESSAGES,
} from '../../../decoders/eth/message-table';
import { snapDeclaration } from '../../../decoders/eth/snap/declaration';
import { versionedWire } from '../../../decoders/eth/wire';
import {
  decodeWireMessage,
  encodeWireMessage,
  type WireProtocol,
} from '../../../decoders/ethereum/capability/wire-message';
import { eth, snap } from '../../../decoders/eth';
import { les } from '../../../decoders/les';
import { LES_NOTES } from '../../../decoders/les/note-kinds';
import { LES_LATEST_VERSION } from '../../../decoders/les/message-table';
import { lesWire } from '../../../decoders/les/wire';
import { ress } from '../../../decoders/ress';
import { RESS_ALTERNATIVES } from '../../../decoders/ress/declaration';
import { ressWire } from '../../../decoders/ress/wire';
import { p2p } from '../../../src-main/rlpx/p2p-protocol';
import { capabilitySeedMessages, p2pSeedMessages } from '../seeds/capability-messages';
import type { FuzzTarget } from '../target';
import { messageCodecTarget, TRAILING_BYTES, type CodecVariant, type MessageInput } from './message-codecs';

/**
 * The RLPx message decoders: the base protocol's `decodeP2pMessage`, and every capability's reader of
 * `rlp(code) ‖ payload` at each version (eth/66–72, snap/1–2, les/1–4) or era and expectation (ress).
 */

/**
 * What JSON cannot carry back byte for byte (test/ethereum/support/fuzz-properties.ts): bytes after the message,
 * the raw 0x00 code reth writes, a key/value list holding a key twice.
 */
const CAPABILITY_NOT_IN_JSON = new Set([TRAILING_BYTES, 'devp2p.code.raw-zero', LES_NOTES.keyDuplicate]);

/** Message codes (relative) followed by random bytes. */
const CODE_PREFIXES = [0x80, 0x01, 0x02, 0x04, 0x08, 0x10, 0x15, 0x17, 0x7f].map((c) => Uint8Array.of(c));

/** The capability reader at one version (or era), as a codec. */
function wireCodec(declaration: DeclaredProtocol, wire: WireProtocol): MessageCodec {
  return {
    declaration,
    decodeMessage: (bytes) => decodeWireMessage(wire, bytes),
    encodeMessage: (json, options) => encodeWireMessage(wire, json, options),
  };
}

function versions(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function p2pMessageTarget(): FuzzTarget<MessageInput> {
  return messageCodecTarget({
    name: 'p2p-message',
    weight: 6,
    batchSize: 400,
    variants: () => [{ label: 'p2p', codec: p2p }],
    seeds: (rng) => p2pSeedMessages(rng),
    prefixes: [Uint8Array.of(0x80), Uint8Array.of(0x01), Uint8Array.of(0x02), Uint8Array.of(0x10)],
    notInJson: new Set([TRAILING_BYTES]),
  });
}

export function lesMessageTarget(): FuzzTarget<MessageInput> {
  return messageCodecTarget({
    name: 'les-message',
    weight: 12,
    batchSize: 300,
    variants: () =>
      versions(1, LES_LATEST_VERSION).map((v) => ({
        label: `les/${v}`,
        codec: wireCodec(les.declaration, lesWire(v)),
      })),
    seeds: (rng) => capabilitySeedMessages(les, rng),
    prefixes: CODE_PREFIXES,
    notInJson: CAPABILITY_NOT_IN_JSON,
  });
}

/** ress read with either era preferred, with no pending request or with each response a request would expect. */
export function ressMessageTarget(): FuzzTarget<MessageInput> {
  return messageCodecTarget({
    name: 'ress-message',
    weight: 10,
    batchSize: 300,
    variants: () => {
      const expected = [undefined, ...Object.values(RESS_ALTERNATIVES).flatMap((pair) => [pair.seed, pair.reth])];
      return (['reth', 'seed'] as const).flatMap((era) =>
        expected.map((response): CodecVariant => ({
          label: `ress ${era}${response ? ` expecting ${response}` : ''}`,
          codec: wireCodec(ress.declaration, ressWire(era, response)),
        })),
      );
    },
    seeds: (rng) => capabilitySeedMessages(ress, rng),
    prefixes: CODE_PREFIXES,
    notInJson: CAPABILITY_NOT_IN_JSON,
  });
}

/** eth at every version whose payloads Peerscope reads (eth/66–72) and snap/1–2; each reads the other's seeds too. */
export function ethMessageTarget(): FuzzTarget<MessageInput> {
  return messageCodecTarget({
    name: 'eth-message',
    weight: 15,
    batchSize: 300,
    variants: () => [
      ...versions(66, ETH_LATEST_VERSION).map((v) => ({
        label: `eth/${v}`,
        codec: wireCodec(eth.declaration, versionedWire(ethDeclaration, ETH_MESSAGES, v, 'request-id')),
      })),
      ...versions(1, SNAP_LATEST_VERSION).map((v) => ({
        label: `snap/${v}`,
        codec: wireCodec(snap.declaration, versionedWire(snapDeclaration, SNAP_MESSAGES, v, 'reqID')),
      })),
    ],
    seeds: (rng) => [...capabilitySeedMessages(eth, rng), ...capabilitySeedMessages(snap, rng)],
    prefixes: CODE_PREFIXES,
    notInJson: CAPABILITY_NOT_IN_JSON,
  });
}
