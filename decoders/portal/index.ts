import type { TalkProtocol } from '../discv5/talk';
import { portalDeclaration } from './declaration';
import { EncodeError } from '../core/json';
import { decodePortalMessage, PORTAL_PROTOCOL } from './message-decoder';
import { encodePortalMessage } from './message-encoder';
import { portalNetworkOf } from './networks';
import { PortalSession } from './session';

/**
 * The Portal wire protocol over discv5 TALKREQ/TALKRESP, for every Portal network and era (protocol ids in
 * networks.ts); its uTP streams are the `utp` protocol's (decoders/utp), linked through the flow they share.
 */
export const portal: TalkProtocol = {
  transport: 'carried',
  declaration: portalDeclaration,
  handles: (protocolId) => portalNetworkOf(protocolId) !== undefined,
  open: (host) => new PortalSession(host),
  decodeMessage: (bytes) => decodePortalMessage(bytes).decoded,
  encodeMessage(message, options) {
    if (message.protocol !== undefined && message.protocol !== PORTAL_PROTOCOL) {
      throw new EncodeError('protocol', `expected ${PORTAL_PROTOCOL}, got ${JSON.stringify(message.protocol)}`);
    }
    return encodePortalMessage(message, options);
  },
};

export { decodePortalMessage, PORTAL_PROTOCOL, type PortalDecodeContext } from './message-decoder';
export { encodePortalMessage } from './message-encoder';
export { PortalSession } from './session';
export { portalNetworkOf, portalNetworkIds, mainnetIdOf, type NetworkKind } from './networks';
export { PORTAL_NOTES } from './note-kinds';
export {
  portalTalkPayload,
  utpTalkPayload,
  utpTransferPackets,
  lengthPrefixed,
  type TalkPayloadSpec,
  type UtpTransferPacket,
  type UtpTransferOptions,
} from './talk-payloads';
