import type { FuzzTarget } from '../target';
import { bsonWalkerTarget } from './bson-walker';
import { captureAnalysisTarget } from './capture-analysis';
import { pcapngParserTarget, pcapReaderTarget } from './capture-readers';
import { decodeAsTarget } from './decode-as';
import { displayFilterTarget } from './display-filter';
import { keyLogTarget } from './key-log';
import { packetDecoderTarget } from './packet-decoder';
import { eth2rpcMessageTarget, hobbitsMessageTarget } from './protocol-message';
import { rlpWalkerTarget } from './rlp-walker';
import { sszWalkerTarget } from './ssz-walker';
import { eth2rpcStreamTarget, hobbitsStreamTarget } from './stream-dissector';

/** Every target of the campaign, in the order the report lists them. */
export function createTargets(): FuzzTarget[] {
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
