import { fixedBytes, restBytes, structOf, type Codec, type JsonSchema } from '../core/codec';
import { declareProtocol, type MessageDeclaration } from '../core/declaration';
import { MESSAGE_BODIES } from './message-codecs';
import { packetCodec } from './packet-codec';
import { MASKING_IV_SIZE } from './packet-layout';

/**
 * discv5 v5.1 as one declaration: the six messages of discv5-wire.md, the topic messages of both drafts, and the
 * packets that carry no readable message (WHOAREYOU; a message Peerscope could not decrypt or unmask).
 */

const SPEC = 'devp2p discv5/discv5-wire.md';
export const DISCV5_PROTOCOL = 'discv5';

/** Message spaces: the current messages have none; each topic draft numbers 0x07–0x0A its own way. */
export const TOPIC_SPACE_2020 = 'topic-2020';
export const TOPIC_SPACE_2026 = 'topic-2026';
/** Packets shown as such, without a decrypted message. */
export const PACKET_SPACE = 'packet';

function message(
  name: keyof typeof MESSAGE_BODIES,
  code: number,
  summary: string,
  spec: string,
  extra: Partial<MessageDeclaration> = {},
): MessageDeclaration {
  return { name, code, summary, spec: `${SPEC}, ${spec}`, body: MESSAGE_BODIES[name], ...extra };
}

const DRAFT_2020 = 'v5.1 as published in 2020 (topic messages "not final")';
const DRAFT_2026 = 'topic discovery rewrite (devp2p 2026)';

const packetOnly = (name: string): Codec => structOf(name, [{ name: 'packet', codec: packetCodec }]);

export const discv5Declaration = declareProtocol({
  name: DISCV5_PROTOCOL,
  title: 'Node Discovery Protocol v5 (wire v5.1)',
  spec: `${SPEC} (v5.1) and discv5-theory.md; topic messages from both drafts`,
  messages: [
    message('PING', 0x01, 'Liveness check carrying the sender’s ENR sequence number', 'PING Request (0x01)', {
      answeredBy: ['PONG'],
    }),
    message('PONG', 0x02, 'Answer to PING: ENR sequence and the address the PING came from', 'PONG Response (0x02)'),
    message('FINDNODE', 0x03, 'Asks for nodes at the given log2 distances', 'FINDNODE Request (0x03)', {
      answeredBy: ['NODES'],
    }),
    // Each of the `total` messages is a NODES: pairing matches every one to the request (DecodedMessage.responseParts).
    message('NODES', 0x04, 'ENRs answering FINDNODE, split over `total` messages', 'NODES Response (0x04)'),
    message('TALKREQ', 0x05, 'A request of a protocol carried over discv5 (Portal, uTP)', 'TALKREQ Request (0x05)', {
      answeredBy: ['TALKRESP'],
    }),
    message(
      'TALKRESP',
      0x06,
      'The answer to a TALKREQ; empty when the protocol is unknown',
      'TALKRESP Response (0x06)',
    ),
    message('REGTOPIC_2020', 0x07, 'Topic (draft): registers the sender for a topic', `${DRAFT_2020}, REGTOPIC`, {
      space: TOPIC_SPACE_2020,
      answeredBy: ['TICKET_2020', 'REGCONFIRMATION_2020'],
    }),
    message('TICKET_2020', 0x08, 'Topic (draft): a ticket and the time to wait with it', `${DRAFT_2020}, TICKET`, {
      space: TOPIC_SPACE_2020,
    }),
    message(
      'REGCONFIRMATION_2020',
      0x09,
      'Topic (draft): the registration was placed',
      `${DRAFT_2020}, REGCONFIRMATION`,
      {
        space: TOPIC_SPACE_2020,
      },
    ),
    message(
      'TOPICQUERY_2020',
      0x0a,
      'Topic (draft): asks for nodes registered for a topic',
      `${DRAFT_2020}, TOPICQUERY`,
      {
        space: TOPIC_SPACE_2020,
        answeredBy: ['NODES'],
      },
    ),
    message('REGTOPIC_2026', 0x07, 'Topic (draft): asks to place an ad for a topic', `${DRAFT_2026}, REGTOPIC`, {
      space: TOPIC_SPACE_2026,
      answeredBy: ['REGCONFIRMATION_2026'],
    }),
    message(
      'REGCONFIRMATION_2026',
      0x08,
      'Topic (draft): admitted, or a ticket to retry with',
      `${DRAFT_2026}, REGCONFIRMATION`,
      {
        space: TOPIC_SPACE_2026,
      },
    ),
    message('TOPICQUERY_2026', 0x09, 'Topic (draft): asks for ads of a topic', `${DRAFT_2026}, TOPICQUERY`, {
      space: TOPIC_SPACE_2026,
      answeredBy: ['TOPICNODES_2026'],
    }),
    message('TOPICNODES_2026', 0x0a, 'Topic (draft): ENRs of a topic’s advertisers', `${DRAFT_2026}, TOPICNODES`, {
      space: TOPIC_SPACE_2026,
    }),
    {
      name: 'WHOAREYOU',
      code: null,
      space: PACKET_SPACE,
      summary: 'Challenge to the sender of an undecryptable packet: starts a handshake',
      spec: `${SPEC}, WHOAREYOU Packet (flag = 1)`,
      body: packetOnly('WHOAREYOU'),
    },
    {
      name: 'ENCRYPTED',
      code: null,
      space: PACKET_SPACE,
      summary: 'A message packet Peerscope could not decrypt: its header, and a note naming the key it needs',
      spec: `${SPEC}, Ordinary Message Packet (flag = 0), Handshake Message Packet (flag = 2)`,
      body: packetOnly('ENCRYPTED'),
    },
    {
      name: 'MASKED',
      code: null,
      space: PACKET_SPACE,
      summary: 'A packet whose header masking Peerscope could not remove: needs its recipient’s node id',
      spec: `${SPEC}, Packet Encoding`,
      body: structOf('MASKED', [
        {
          name: 'packet',
          codec: structOf('masked packet', [
            { name: 'masking-iv', codec: fixedBytes(MASKING_IV_SIZE) },
            { name: 'masked-header', codec: restBytes },
          ]),
        },
      ]),
    },
    {
      name: 'UNKNOWN',
      code: null,
      space: 'unknown',
      summary: 'A decrypted message of a type discv5 v5.1 does not define: its bytes stay raw',
      body: structOf('UNKNOWN', [{ name: 'data', codec: restBytes }]),
    },
  ],
  fieldsSchema: discv5FieldsSchema,
});

/** Names of the topic messages by draft and code, for the decoder's choice. */
export const TOPIC_MESSAGES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  [TOPIC_SPACE_2020]: {
    0x07: 'REGTOPIC_2020',
    0x08: 'TICKET_2020',
    0x09: 'REGCONFIRMATION_2020',
    0x0a: 'TOPICQUERY_2020',
  },
  [TOPIC_SPACE_2026]: {
    0x07: 'REGTOPIC_2026',
    0x08: 'REGCONFIRMATION_2026',
    0x09: 'TOPICQUERY_2026',
    0x0a: 'TOPICNODES_2026',
  },
};

/** Fields the dissector computes beside the packet's own (see flow-dissector.ts), for the composer and filters. */
const GENERATED_PACKET_FIELDS: Record<string, JsonSchema> = {
  session: { type: 'string', readOnly: true, description: 'where the keys that decrypted the message came from' },
  'id-signature-valid': { type: 'boolean', readOnly: true },
  'challenge-frame': { type: 'integer', readOnly: true, description: 'frame of the WHOAREYOU a handshake answers' },
  'challenged-frame': { type: 'integer', readOnly: true, description: 'frame of the packet a WHOAREYOU answers' },
};

/** The packet a decrypted message came in: its ciphertext (`message`) is encoding, left out of the JSON. */
function decryptedPacketSchema(): JsonSchema {
  const schema = packetCodec.schema();
  const required = ((schema.required as string[] | undefined) ?? []).filter((name) => name !== 'message');
  return { ...schema, required };
}

/** A message's `fields`: its message-data, plus the packet it came in (left out when composing a plaintext). */
function discv5FieldsSchema(m: MessageDeclaration): JsonSchema {
  const body = m.body.schema();
  const properties = { ...((body.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  const packet = properties.packet ?? decryptedPacketSchema();
  properties.packet = {
    ...packet,
    properties: {
      ...((packet.properties as Record<string, JsonSchema> | undefined) ?? {}),
      ...GENERATED_PACKET_FIELDS,
    },
  };
  if (m.name === 'NODES') {
    properties.part = { type: 'integer', readOnly: true, description: 'which NODES message of the response set' };
  }
  return { ...body, properties };
}
