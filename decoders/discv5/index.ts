import type { AesProvider } from '../core/aes';
import type { UdpProtocol } from '../core/dissector';
import { KnowledgeByKeyStore } from './capture-knowledge';
import { detectDiscv5 } from './detect';
import { Discv5Flow } from './flow-dissector';
import { HeaderMasks } from './masking';
import { decodeDiscv5Message } from './message-decoder';
import { encodeDiscv5Message } from './message-encoder';
import { discv5Declaration } from './messages-declaration';
import type { TalkProtocol } from './talk';

export { discv5Declaration, DISCV5_PROTOCOL } from './messages-declaration';
export { DISCV5_NOTES } from './note-kinds';
export { isTalkProtocol } from './talk-routing';
export { discv5KeyLogLine, DISCV5_KEYLOG_LABEL, DISCV5_NODEKEY_LABEL } from './keylog';
export { HEADER_SOURCE } from './packet-codec';
export { MESSAGE_SOURCE, PACKET_SOURCE } from './message-output';
export type { TalkFlow, TalkHost, TalkPayload, TalkProtocol, TalkSession } from './talk';

export interface Discv5ProtocolOptions {
  /** AES of the runtime (CTR for header masking, GCM for messages): decoders import no platform module. */
  aes: AesProvider;
  /** The protocols carried in TALKREQ/TALKRESP, asked when a flow first needs them (the registry's, usually). */
  talkProtocols?: () => readonly TalkProtocol[];
}

/**
 * Node Discovery v5 (wire v5.1) on UDP: unmasks headers with the node ids the keys and the capture name, derives
 * session keys from handshakes with the recipient's node key (or takes them from a DISCV5 key log), decrypts and
 * decodes messages, and hands TALKREQ/TALKRESP payloads to the protocols they carry. `decodeMessage` and
 * `encodeMessage` work on message plaintexts (and on packets whose header is unmasked).
 */
export function createDiscv5Protocol(options: Discv5ProtocolOptions): UdpProtocol {
  const talkProtocols = options.talkProtocols ?? (() => []);
  const knowledge = new KnowledgeByKeyStore();
  const masks = new HeaderMasks(options.aes);
  return {
    transport: 'udp',
    declaration: discv5Declaration,
    detect: (datagram, keys) => detectDiscv5(datagram, keys, masks),
    open: (host) =>
      new Discv5Flow(host, { aes: options.aes, masks, talkProtocols, knowledge: knowledge.of(host.keys) }),
    decodeMessage: decodeDiscv5Message,
    encodeMessage: encodeDiscv5Message,
  };
}
