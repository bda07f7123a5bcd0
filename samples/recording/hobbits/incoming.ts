import { Binary } from 'bson';
import { isRpcMethodName, type RpcMethodName } from '../../../decoders/hobbits/rpc-bodies';
import {
  EWP_GOSSIP,
  EWP_PING,
  EWP_RPC,
  numberOf,
  readDocument,
  readRpcBody,
  RPC_METHOD_IDS,
  splitFrame,
  type HobbitsForm,
} from './wire';

/** A Hobbits message as the sample peers understand it. Parsing never throws: what cannot be read says why. */
export type HobbitsReceived =
  | { kind: 'rpc'; form: HobbitsForm; method: RpcMethodName; id: number; body: unknown }
  | { kind: 'gossip'; form: HobbitsForm; topic: string; body: Uint8Array }
  | { kind: 'ping' | 'pong'; form: HobbitsForm; body: Uint8Array }
  | { kind: 'unreadable'; reason: string };

const METHOD_NAMES = new Map(Object.entries(RPC_METHOD_IDS).map(([name, id]) => [id, name]));

export function parseHobbits(frameBytes: Uint8Array): HobbitsReceived {
  try {
    return parse(frameBytes);
  } catch (e) {
    return { kind: 'unreadable', reason: (e as Error).message };
  }
}

function parse(frameBytes: Uint8Array): HobbitsReceived {
  const f = splitFrame(frameBytes);
  const text = f.framing === 'text';
  if (f.protocol === EWP_PING) {
    const word = Buffer.from(f.header).toString('latin1');
    if (word !== 'ping' && word !== 'pong') throw new Error(`PING header ${JSON.stringify(word)}`);
    return { kind: word, form: text ? 'lodestar' : 'spec', body: f.body };
  }
  if (f.protocol === EWP_GOSSIP) {
    const header = readDocument(f.header);
    const form: HobbitsForm = text ? 'lodestar' : header.hash instanceof Binary ? 'artemis' : 'spec';
    return { kind: 'gossip', form, topic: String(header.topic), body: f.body };
  }
  if (f.protocol !== EWP_RPC) throw new Error(`EWP protocol ${f.protocol}`);
  const header = readDocument(f.header);
  const method = METHOD_NAMES.get(numberOf(header.method_id));
  if (!method || !isRpcMethodName(method)) throw new Error(`RPC method_id ${String(header.method_id)}`);
  const document = readDocument(f.body).body instanceof Binary ? 'ssz' : 'document';
  const form: HobbitsForm = text ? 'lodestar' : document === 'document' ? 'artemis' : 'spec';
  return { kind: 'rpc', form, method, id: numberOf(header.id), body: readRpcBody(method, f.body) };
}
