import { restBytes, structOf, type Codec, type JsonSchema } from '../core/codec';
import { declareProtocol, type MessageDeclaration } from '../core/declaration';
import { addNote, generatedLeaf, type Field } from '../core/field';
import { EncodeError, isJsonObject } from '../core/json';
import { readRlpHeader, rlpBytes, rlpListOf, rlpUint } from '../codecs/rlp';
import { handshakePacketCodec } from './handshake-fields';
import { RLPX_NOTES } from './note-kinds';
import { rlpOpenStruct, rlpText } from './rlp-open-struct';

const SPEC = 'ethereum/devp2p rlpx.md (RLPx v5, p2p version 5), EIP-8';

/** Base protocol message ids (rlpx.md §6); 0x04–0x0f are reserved, capabilities start at 0x10. */
export const P2P_CODES = { Hello: 0x00, Disconnect: 0x01, Ping: 0x02, Pong: 0x03 } as const;
export const BASE_PROTOCOL_LENGTH = 0x10;
/** geth refuses a Hello above 2 KiB (baseProtocolMaxMsgSize). */
export const MAX_HELLO_SIZE = 2 * 1024;

/** Disconnect reasons (rlpx.md §6). */
export const DISCONNECT_REASONS: Readonly<Record<number, string>> = {
  0x00: 'disconnect requested',
  0x01: 'TCP sub-system error',
  0x02: 'breach of protocol',
  0x03: 'useless peer',
  0x04: 'too many peers',
  0x05: 'already connected',
  0x06: 'incompatible p2p protocol version',
  0x07: 'null node identity',
  0x08: 'client quitting',
  0x09: 'unexpected identity',
  0x0a: 'connected to self',
  0x0b: 'read timeout',
  0x10: 'subprotocol reason',
};

/** A reason code, shown by name; encoding takes the number or the name. */
const reasonCodec: Codec = {
  typeName: 'reason',
  decode(r, name) {
    const field = rlpUint(64).decode(r, name);
    const code = typeof field.value === 'number' ? field.value : -1;
    const known = DISCONNECT_REASONS[code];
    field.display = `${known ?? 'unknown reason'} (0x${code.toString(16).padStart(2, '0')})`;
    if (known === undefined)
      addNote(field, 'warning', RLPX_NOTES.disconnectReason, `reason ${code} is not in the table`);
    return field;
  },
  encode(value, w, path, options) {
    if (typeof value === 'string' && !/^(0x[0-9a-f]+|\d+)$/i.test(value)) {
      const code = Object.entries(DISCONNECT_REASONS).find(([, text]) => text === value)?.[0];
      if (code === undefined) throw new EncodeError(path, `unknown disconnect reason ${JSON.stringify(value)}`);
      return rlpUint(64).encode(Number(code), w, path, options);
    }
    rlpUint(64).encode(value, w, path, options);
  },
  schema: () => ({
    title: 'reason',
    anyOf: [{ type: 'integer', minimum: 0 }, { enum: Object.values(DISCONNECT_REASONS) }],
  }),
};

const capabilityCodec = rlpOpenStruct('Capability', [
  { name: 'name', codec: rlpText },
  { name: 'version', codec: rlpUint(32) },
]);

/** Hello: [protocolVersion, clientId, capabilities, listenPort, nodeId, ...] (extra elements kept, EIP-8). */
export const helloBody = rlpOpenStruct('Hello', [
  { name: 'protocolVersion', codec: rlpUint(32) },
  { name: 'clientId', codec: rlpText },
  { name: 'capabilities', codec: rlpListOf(capabilityCodec, 'Capability[]') },
  { name: 'listenPort', codec: rlpUint(16) },
  { name: 'nodeId', codec: rlpBytes(64) },
]);

const disconnectList = rlpOpenStruct('Disconnect', [{ name: 'reason', codec: reasonCodec, optional: true }]);

/**
 * Disconnect: [reason] — or, from older peers and ethereumjs, the bare reason without the list (geth accepts both).
 * The bare form is kept as the generated field `form: "bare"` so that re-encoding gives the same bytes.
 */
export const disconnectBody: Codec = {
  typeName: 'Disconnect',
  decode(r, name) {
    const at = r.pos;
    if (at < r.end && !readRlpHeader(r.bytes, at, r.end).isList) {
      const reason = reasonCodec.decode(r, 'reason');
      const field: Field = {
        name,
        shape: 'struct',
        start: at,
        end: r.pos,
        children: [reason, generatedLeaf('form', 'bare')],
      };
      addNote(field, 'info', RLPX_NOTES.disconnectBare, 'reason sent as a bare value, not as a one-element list');
      return field;
    }
    const field = disconnectList.decode(r, name);
    if (!field.children?.some((c) => c.name === 'reason')) {
      addNote(field, 'warning', RLPX_NOTES.disconnectReason, 'no reason given');
    }
    return field;
  },
  encode(value, w, path, options) {
    if (isJsonObject(value) && value.form === 'bare') return reasonCodec.encode(value.reason ?? null, w, path, options);
    disconnectList.encode(value, w, path, options);
  },
  schema(): JsonSchema {
    const list = disconnectList.schema();
    return {
      ...list,
      properties: { ...(list.properties as object), form: { enum: ['list', 'bare'], default: 'list' } },
    };
  },
};

/** Ping and Pong carry an empty list (extra elements are kept). */
const emptyListBody = (typeName: string) => rlpOpenStruct(typeName, []);

/** A frame's data that no declaration decodes: a capability without a decoder, a reserved or unassigned id. */
export const rawBody: Codec = structOf('Raw', [{ name: 'data', codec: restBytes }]);

/** Bytes that could not be decrypted (no key, after a MAC mismatch or a gap). */
export const encryptedBody: Codec = structOf('Encrypted', [{ name: 'ciphertext', codec: restBytes }]);

function message(
  name: string,
  code: number | null,
  body: Codec,
  summary: string,
  spec: string,
  extra: Partial<MessageDeclaration> = {},
): MessageDeclaration {
  return { name, code, body, summary, spec: `rlpx.md ${spec}`, ...extra };
}

/**
 * The RLPx transport and its base protocol `p2p` as one declaration: the handshake packets (codes null, space
 * `handshake`), the four base messages (codes 0x00–0x03), and what the dissector shows when a frame cannot be
 * decoded (`Raw`) or not decrypted at all (`Encrypted`).
 */
export const p2pDeclaration = declareProtocol({
  name: 'p2p',
  title: 'RLPx transport and devp2p base protocol',
  spec: SPEC,
  messages: [
    message('Auth', null, handshakePacketCodec('auth'), 'Initiator handshake packet (ECIES-sealed)', '§3 auth', {
      space: 'handshake',
    }),
    message('Ack', null, handshakePacketCodec('ack'), 'Recipient handshake packet (ECIES-sealed)', '§3 ack', {
      space: 'handshake',
    }),
    message('Hello', P2P_CODES.Hello, helloBody, 'Protocol version, client, capabilities and node id', '0x00 Hello'),
    message(
      'Disconnect',
      P2P_CODES.Disconnect,
      disconnectBody,
      'The sender closes the connection, with a reason',
      '0x01 Disconnect',
    ),
    message('Ping', P2P_CODES.Ping, emptyListBody('Ping'), 'Liveness check, answered by Pong', '0x02 Ping', {
      answeredBy: ['Pong'],
    }),
    message('Pong', P2P_CODES.Pong, emptyListBody('Pong'), 'Answer to Ping', '0x03 Pong'),
    message('Raw', null, rawBody, 'A message no decoder handles (reserved id, capability without decoder)', '§7', {
      space: 'frame',
    }),
    message(
      'Encrypted',
      null,
      encryptedBody,
      'Stream bytes that could not be decrypted (no key, MAC mismatch, gap)',
      '§5',
      {
        space: 'frame',
      },
    ),
  ],
});
