import { lazyWhenClean, rlpBytes, rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import type { Codec } from '../core/codec';
import { addNote } from '../core/field';
import { enrCodec, ipAddressCodec } from '../enr';
import { rlpBytesWithText } from '../enr/rlp-value-codecs';
import { DISCV5_NOTES } from './note-kinds';

/**
 * The message-data of every message (discv5-wire.md "Protocol Messages"; topic messages as both drafts define
 * them, see specs/discv5.md §5), field names spelled as the spec spells them.
 */

/** Requests ids are opaque byte strings of at most 8 bytes; leading zeros are significant. */
const MAX_REQUEST_ID_SIZE = 8;
/** log2 distances run from 0 (the recipient itself) to 256. */
const MAX_DISTANCE = 256;

function withCheck(codec: Codec, check: (value: unknown) => [kind: string, text: string] | null): Codec {
  return {
    ...codec,
    decode(r, name) {
      const field = codec.decode(r, name);
      const problem = check(field.value);
      if (problem) addNote(field, 'warning', problem[0], problem[1]);
      return field;
    },
  };
}

export const requestIdCodec = withCheck(rlpBytes(), (value) => {
  const size = typeof value === 'string' ? (value.length - 2) / 2 : 0;
  return size > MAX_REQUEST_ID_SIZE
    ? [DISCV5_NOTES.requestIdLength, `request id of ${size} bytes: at most ${MAX_REQUEST_ID_SIZE} are allowed`]
    : null;
});

const distanceCodec = withCheck(rlpUint(16), (value) =>
  typeof value === 'number' && value > MAX_DISTANCE
    ? [DISCV5_NOTES.distance, `distance ${value} is above ${MAX_DISTANCE}`]
    : null,
);

/**
 * RLP bytes built when read: a TALKREQ/TALKRESP payload goes to the protocol it carries as bytes, and its text is
 * needed only where the message is shown as discv5.
 */
const talkPayloadCodec = lazyWhenClean(rlpBytes(), 'leaf');

const requestId = { name: 'request-id', codec: requestIdCodec };
const enrSeq = { name: 'enr-seq', codec: rlpUint(64) };
const total = { name: 'total', codec: rlpUint(64) };
const enrs = { name: 'enrs', codec: rlpListOf(enrCodec, 'ENR[]') };
const topic = { name: 'topic', codec: rlpBytes() };
const ticket = { name: 'ticket', codec: rlpBytes() };
const waitTime = { name: 'wait-time', codec: rlpUint(64) };
const topicDistances = { name: 'topic-distances', codec: rlpListOf(rlpUint(16), 'uint16[]') };

export const MESSAGE_BODIES = {
  PING: rlpStruct('PING', [requestId, enrSeq]),
  PONG: rlpStruct('PONG', [
    requestId,
    enrSeq,
    { name: 'recipient-ip', codec: ipAddressCodec() },
    { name: 'recipient-port', codec: rlpUint(16) },
  ]),
  FINDNODE: rlpStruct('FINDNODE', [requestId, { name: 'distances', codec: rlpListOf(distanceCodec, 'uint16[]') }]),
  NODES: rlpStruct('NODES', [requestId, total, enrs]),
  TALKREQ: rlpStruct('TALKREQ', [
    requestId,
    { name: 'protocol', codec: rlpBytesWithText },
    { name: 'request', codec: talkPayloadCodec },
  ]),
  TALKRESP: rlpStruct('TALKRESP', [requestId, { name: 'response', codec: talkPayloadCodec }]),
  // v5.1 as published in 2020 ("not final, do not use").
  REGTOPIC_2020: rlpStruct('REGTOPIC (2020 draft)', [requestId, topic, { name: 'enr', codec: enrCodec }, ticket]),
  TICKET_2020: rlpStruct('TICKET (2020 draft)', [requestId, ticket, waitTime]),
  REGCONFIRMATION_2020: rlpStruct('REGCONFIRMATION (2020 draft)', [requestId, topic]),
  TOPICQUERY_2020: rlpStruct('TOPICQUERY (2020 draft)', [requestId, topic]),
  // The topic discovery rewrite merged into devp2p in 2026.
  REGTOPIC_2026: rlpStruct('REGTOPIC (2026 draft)', [
    requestId,
    topic,
    { name: 'enr', codec: enrCodec },
    ticket,
    topicDistances,
  ]),
  REGCONFIRMATION_2026: rlpStruct('REGCONFIRMATION (2026 draft)', [requestId, total, ticket, waitTime]),
  TOPICQUERY_2026: rlpStruct('TOPICQUERY (2026 draft)', [requestId, topic, topicDistances]),
  TOPICNODES_2026: rlpStruct('TOPICNODES (2026 draft)', [requestId, total, enrs]),
} as const satisfies Record<string, Codec>;
