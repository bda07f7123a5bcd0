import type { TcpProtocol } from '../core/dissector';
import type { AesProvider } from './aes';
import type { Capability } from './capability';
import { RlpxConnection } from './connection';
import { detectRlpx } from './detect';
import { p2pDeclaration } from './p2p-declaration';
import { decodeP2pMessage, encodeP2pMessage } from './p2p-messages';

export interface P2pProtocolOptions {
  /** AES for frames and ECIES (decoders are pure: the Node side passes node:crypto's, src-main/rlpx/node-aes.ts). */
  aes: AesProvider;
  /** The capabilities Peerscope decodes (les, ress): their sessions get the messages in their id ranges. */
  capabilities?: readonly Capability[];
}

/**
 * RLPx and its base protocol `p2p` as a TCP protocol: detection of the handshake, decryption with RLPX key-log
 * entries, the p2p messages, and capability messages handed to the registered capabilities.
 */
export function createP2pProtocol(options: P2pProtocolOptions): TcpProtocol {
  const capabilities = options.capabilities ?? [];
  return {
    transport: 'tcp',
    declaration: p2pDeclaration,
    detect: (first) => detectRlpx(first),
    open: (host) => new RlpxConnection(host, options.aes, capabilities),
    decodeMessage: (bytes) => decodeP2pMessage(bytes),
    encodeMessage: (message, encodeOptions) => encodeP2pMessage(message, encodeOptions),
  };
}

export type { AesProvider, AesCtrStream } from './aes';
export type { Capability, CapabilityHost, CapabilityMessage, CapabilitySession } from './capability';
export {
  negotiateCapabilities,
  WELL_KNOWN_CAPABILITY_LENGTHS,
  type AdvertisedCapability,
  type NegotiatedCapability,
} from './capabilities';
export { RlpxEndpoint, P2P_VERSION, type RlpxEndpointOptions, type RlpxOutput } from './endpoint';
export type { HelloInfo } from './hello-info';
export { formatRlpxKeyLogLine, lookupRlpxKey, RLPX_KEYLOG_LABEL } from './keylog';
export { DISCONNECT_REASONS, p2pDeclaration, P2P_CODES } from './p2p-declaration';
export { decodeP2pMessage, encodeP2pMessage } from './p2p-messages';
export { RLPX_NOTES } from './note-kinds';
export { parseNodeKey, formatNodeKey } from './node-key';
export type { SessionSecrets } from './secrets';
