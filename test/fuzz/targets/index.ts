import type { FuzzTarget } from '../target';
import { bsonWalkerTarget } from './bson-walker';
import { capabilitySessionTarget } from './capability-session';
import { ethMessageTarget, lesMessageTarget, p2pMessageTarget, ressMessageTarget } from './capability-messages';
import { captureAnalysisTarget } from './capture-analysis';
import { captureAnalysisAllTarget } from './capture-analysis-all';
import { pcapngParserTarget, pcapReaderTarget } from './capture-readers';
import { decodeAsTarget } from './decode-as';
import { discv5PacketTarget } from './discv5-packet';
import { discv5MessageTarget, enrTarget, portalMessageTarget, utpPacketTarget } from './discv5-messages';
import { displayFilterTarget } from './display-filter';
import { keyLogTarget } from './key-log';
import { packetDecoderTarget } from './packet-decoder';
import { ethereumTypesTarget } from './ethereum-types';
import { eth2rpcMessageTarget, hobbitsMessageTarget } from './protocol-message';
import { rlpWalkerTarget } from './rlp-walker';
import { rlpxHandshakeTarget } from './rlpx-handshake';
import { rlpxStreamTarget } from './rlpx-stream';
import { sszWalkerTarget } from './ssz-walker';
import { eth2rpcStreamTarget, hobbitsStreamTarget } from './stream-dissector';
import { utpStreamTarget } from './utp-stream';

/** The first campaign's targets: capture reading, the codec walkers, Hobbits, the eth2 RPC, filters, keys. */
function originalTargets(): FuzzTarget[] {
  return [
    pcapReaderTarget(),
    pcapngParserTarget(),
    packetDecoderTarget(),
    bsonWalkerTarget(),
    sszWalkerTarget(),
    rlpWalkerTarget(),
    hobbitsMessageTarget(),
    eth2rpcMessageTarget(),
    hobbitsStreamTarget(),
    eth2rpcStreamTarget(),
    displayFilterTarget(),
    decodeAsTarget(),
    keyLogTarget(),
    captureAnalysisTarget(),
  ] as FuzzTarget[];
}

/** The RLPx, capability, Ethereum, discv5, ENR, Portal and uTP decoders' targets (issues 3 and 4). */
function newTargets(): FuzzTarget[] {
  return [
    rlpxHandshakeTarget(),
    rlpxStreamTarget(),
    p2pMessageTarget(),
    lesMessageTarget(),
    ressMessageTarget(),
    ethMessageTarget(),
    capabilitySessionTarget(),
    ethereumTypesTarget(),
    discv5PacketTarget(),
    discv5MessageTarget(),
    enrTarget(),
    portalMessageTarget(),
    utpPacketTarget(),
    utpStreamTarget(),
    captureAnalysisAllTarget(),
  ] as FuzzTarget[];
}

/** Every target of the campaign, in the order the report lists them. */
export function createTargets(): FuzzTarget[] {
  return [...originalTargets(), ...newTargets()];
}

/** `--group NAME`: the targets of each group, by name. */
export function targetGroups(): Record<string, string[]> {
  return {
    original: originalTargets().map((t) => t.name),
    new: newTargets().map((t) => t.name),
  };
}
