import type { ValueOf } from '@chainsafe/ssz';
import { mainnetTypes } from '../../../decoders/hobbits/beacon-types';
import type { RPC_BODY_TYPES, RpcMethodName } from '../../../decoders/hobbits/rpc-bodies';
import { canonical } from '../manifest';
import type { OutgoingMessage } from '../outgoing';
import { pickValues } from '../pick-values';
import { GOSSIP_MAIN_VALUES, RPC_MAIN_VALUES } from './main-values';
import {
  EWP_GOSSIP,
  EWP_PING,
  EWP_RPC,
  frame,
  gossipHeader,
  messageHash,
  RPC_METHOD_IDS,
  rpcBody,
  rpcHeader,
  type HobbitsForm,
  type RequestId,
} from './wire';

/** Every Hobbits message a sample peer sends, built with its manifest entry. */

export type RpcValue<M extends RpcMethodName> = ValueOf<(typeof RPC_BODY_TYPES)[M]>;

export function rpcMessage<M extends RpcMethodName>(
  form: HobbitsForm,
  method: M,
  id: RequestId,
  value: RpcValue<M>,
): OutgoingMessage {
  return {
    bytes: frame(form, EWP_RPC, rpcHeader(form, method, id), rpcBody(form, method, value)),
    sent: {
      message: method,
      requestId: String(id),
      values: {
        'header.method_id': String(RPC_METHOD_IDS[method]),
        'header.id': String(id),
        ...pickValues(value, RPC_MAIN_VALUES[method], 'body.body'),
      },
    },
  };
}

type GossipObject =
  | { topic: 'BLOCK'; value: ValueOf<typeof mainnetTypes.BeaconBlock> }
  | { topic: 'ATTESTATION'; value: ValueOf<typeof mainnetTypes.Attestation> };

/** GOSSIP: the raw SSZ of the object, its hash_tree_root in `hash`, sha256 of the body in `message_hash`. */
export function gossipMessage(form: HobbitsForm, object: GossipObject, timestamp: number): OutgoingMessage {
  const body =
    object.topic === 'BLOCK'
      ? mainnetTypes.BeaconBlock.serialize(object.value)
      : mainnetTypes.Attestation.serialize(object.value);
  const hash =
    object.topic === 'BLOCK'
      ? mainnetTypes.BeaconBlock.hashTreeRoot(object.value)
      : mainnetTypes.Attestation.hashTreeRoot(object.value);
  const header = { topic: object.topic, timestamp, messageHash: messageHash(body), hash };
  return {
    bytes: frame(form, EWP_GOSSIP, gossipHeader(form, header), body),
    sent: {
      message: 'GOSSIP',
      requestId: null,
      values: {
        'header.method_id': '0',
        'header.topic': object.topic,
        'header.timestamp': String(timestamp),
        'header.message_hash': canonical.bytes(header.messageHash),
        'header.hash': canonical.bytes(hash),
        ...pickValues(object.value, GOSSIP_MAIN_VALUES[object.topic], 'body'),
      },
    },
  };
}

/** PING and PONG: the ASCII word as the header (not BSON), 32 bytes as the body. */
export function pingMessage(form: HobbitsForm, word: 'ping' | 'pong', body: Uint8Array): OutgoingMessage {
  return {
    bytes: frame(form, EWP_PING, Buffer.from(word, 'latin1'), body),
    sent: {
      message: word === 'ping' ? 'PING' : 'PONG',
      requestId: null,
      values: { header: word, body: canonical.bytes(body) },
    },
  };
}

/** How much longer than its bytes the broken header claims to be. */
const OVERSTATED_BY = 7;

/**
 * A GET_STATUS whose BSON header states a document length OVERSTATED_BY bytes longer than the header the EWP prefix
 * frames: the framing stays intact, only the header cannot be read (so the method and id are unknown).
 */
export function headerWithWrongLength(
  form: HobbitsForm,
  id: RequestId,
  value: RpcValue<'GET_STATUS'>,
): OutgoingMessage {
  const header = Buffer.from(rpcHeader(form, 'GET_STATUS', id));
  const stated = header.readInt32LE(0) + OVERSTATED_BY;
  header.writeInt32LE(stated, 0);
  const built = rpcMessage(form, 'GET_STATUS', id, value);
  return {
    ...built,
    bytes: frame(form, EWP_RPC, header, rpcBody(form, 'GET_STATUS', value)),
    malformed: {
      reason: `the BSON header states ${stated} bytes, the EWP prefix frames ${header.length}`,
      unreadable: ['header'],
    },
  };
}
