import { bytesFromJson } from '../core/codec';
import { EncodeError, isJsonObject, type JsonObject } from '../core/json';
import type { TalkProtocol } from '../discv5/talk';
import { utpDeclaration } from './declaration';
import { encodeUtpPacket } from './packet-encoder';
import { UtpSession } from './session';
import { TALK_RESPONSE, talkResponseMessage, UTP_PROTOCOL, utpPacketMessage } from './utp-message';

/** The TALKREQ protocol bytes of uTP: ASCII `utp` (utp/discv5-utp.md "Specification"). */
export const UTP_PROTOCOL_ID = Uint8Array.of(0x75, 0x74, 0x70);

/** uTP (BEP29) carried in discv5 TALKREQ: packets decoded, connections reassembled per connection id. */
export const utp: TalkProtocol = {
  transport: 'carried',
  declaration: utpDeclaration,
  handles: (protocolId) => protocolId.length === 3 && protocolId.every((b, i) => b === UTP_PROTOCOL_ID[i]),
  open: (host) => new UtpSession(host),
  decodeMessage: (bytes) => utpPacketMessage(bytes).decoded,
  encodeMessage(json: JsonObject, options = {}) {
    if (json.protocol !== undefined && json.protocol !== UTP_PROTOCOL) {
      throw new EncodeError('protocol', `expected ${UTP_PROTOCOL}, got ${JSON.stringify(json.protocol)}`);
    }
    const fields = json.fields ?? {};
    if (!isJsonObject(fields)) throw new EncodeError('fields', 'expected an object');
    const message = typeof json.message === 'string' ? json.message : undefined;
    if (message === TALK_RESPONSE) return bytesFromJson(fields.payload ?? '0x', 'payload');
    return encodeUtpPacket(message, fields, options);
  },
};

export { UtpSession } from './session';
export { utpFlowState, UtpFlowState, STREAM_SETUP_WAIT_SECONDS } from './flow-state';
export type { UtpStreamAnnouncement, UtpStreamReader, StreamEnding } from './stream-announcement';
export { talkResponseMessage, UTP_PROTOCOL };
