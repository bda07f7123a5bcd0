import { bytesFromJson, hexSchema, PartialDecodeError, type Codec, type JsonSchema } from '../core/codec';
import { declareProtocol, type MessageDeclaration } from '../core/declaration';
import { collectNotes, shiftRanges } from '../core/field';
import { childPath, EncodeError, isJsonObject } from '../core/json';
import { DecodeError } from '../core/reader';
import { encodeUtpPacket } from './packet-encoder';
import { UTP_HEADER_MEMBERS, UTP_PACKET_TYPES } from './packet-format';
import { UNKNOWN_PACKET } from './packet-decoder';
import { TALK_RESPONSE, talkResponseMessage, UTP_PROTOCOL, utpPacketMessage } from './utp-message';

const SPEC = 'BEP29 (uTP) as carried by discv5 TALKREQ, portal-network-specs utp/discv5-utp.md';

const integer = (max: number): JsonSchema => ({ type: 'integer', minimum: 0, maximum: max });

/** The `fields` of a packet as the decoder yields them; a composer may give only what differs from the defaults. */
function packetSchema(type: number | null): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    type: type === null ? integer(15) : { const: type, default: type },
    version: { ...integer(15), default: 1 },
  };
  for (const m of UTP_HEADER_MEMBERS) properties[m.name] = { ...integer(2 ** (m.size * 8) - 1), default: 0 };
  properties.extensions = {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        type: { ...integer(255), description: 'the extension type (carried by the previous link)' },
        next_extension: integer(255),
        len: { ...integer(255), description: 'recomputed unless --keep-lengths' },
        bitmask: { ...hexSchema('bytes'), description: 'selective ack: bit i acks ack_nr + 2 + i' },
        data: hexSchema('bytes'),
      },
    },
  };
  properties.payload = hexSchema('bytes');
  properties.stream = { type: 'object', description: 'generated: the connection and reassembled stream' };
  return { title: type === null ? 'uTP packet' : UTP_PACKET_TYPES[type], type: 'object', properties };
}

/** A message's codec reads and writes the whole packet as that message. */
function packetCodec(name: string, type: number | null): Codec {
  return {
    typeName: name,
    decode(r, fieldName) {
      const bytes = r.bytes.subarray(r.pos, r.end);
      const { tree } = utpPacketMessage(bytes);
      shiftRanges(tree, r.pos);
      tree.name = fieldName;
      r.pos = r.end;
      const error = collectNotes(tree).find((n) => n.severity === 'error');
      if (error) throw new PartialDecodeError(new DecodeError(r.pos, error.text, error.kind), tree);
      return tree;
    },
    encode(value, w, path, options) {
      if (!isJsonObject(value)) throw new EncodeError(path, `expected the fields of ${name}`);
      try {
        w.bytes(encodeUtpPacket(type === null ? undefined : name, value, options));
      } catch (e) {
        if (e instanceof EncodeError && path) throw new EncodeError(childPath(path, e.path), e.reason);
        throw e;
      }
    },
    schema: () => packetSchema(type),
  };
}

const talkResponseCodec: Codec = {
  typeName: TALK_RESPONSE,
  decode(r, fieldName) {
    const tree = talkResponseMessage(r.bytes.subarray(r.pos, r.end), null).tree;
    shiftRanges(tree, r.pos);
    tree.name = fieldName;
    r.pos = r.end;
    return tree;
  },
  encode(value, w, path) {
    if (!isJsonObject(value)) throw new EncodeError(path, 'expected {payload}');
    w.bytes(bytesFromJson(value.payload ?? '0x', childPath(path, 'payload')));
  },
  schema: () => ({ type: 'object', properties: { payload: hexSchema('bytes') } }),
};

function packetMessages(): MessageDeclaration[] {
  const summaries: Record<string, string> = {
    ST_DATA: 'A packet with data (payload), in sequence-number order',
    ST_FIN: 'The sender’s last packet: its seq_nr ends the data',
    ST_STATE: 'An acknowledgement (ack_nr, selective acks); no data',
    ST_RESET: 'Terminates the connection forcefully',
    ST_SYN: 'Opens a connection with the announced connection_id',
  };
  return Object.entries(UTP_PACKET_TYPES).map(([code, name]) => ({
    name,
    code: Number(code),
    summary: summaries[name]!,
    spec: `BEP29 "Header format", type ${code} (${name})`,
    body: packetCodec(name, Number(code)),
  }));
}

export const utpDeclaration = declareProtocol({
  name: UTP_PROTOCOL,
  title: 'uTP over discv5 (Portal)',
  spec: SPEC,
  messages: [
    ...packetMessages(),
    {
      name: UNKNOWN_PACKET,
      code: null,
      summary: 'A packet of a type BEP29 does not define (5–15), or too short to have a type',
      spec: 'BEP29 "Header format"',
      body: packetCodec(UNKNOWN_PACKET, null),
    },
    {
      name: TALK_RESPONSE,
      code: null,
      space: 'talk',
      summary: 'A TALKRESP to a uTP packet: uTP ignores it (utp/discv5-utp.md)',
      spec: 'utp/discv5-utp.md "Specification"',
      body: talkResponseCodec,
    },
  ],
});
