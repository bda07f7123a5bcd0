import type { DecodedMessage } from '../core/message';
import type { AcceptFormChoice } from './accept-keys';
import type { DecodedContentKey } from './content-keys/content-key-field';
import type { MessageReading } from './message-reading';
import type { PortalNetworkId } from './networks';
import type { VersionChoice } from './protocol-version';

export const PORTAL_PROTOCOL = 'portal';

/** What a Portal message's reading may use beyond its bytes (all optional: `decodeMessage` has none of it). */
export interface PortalDecodeContext {
  /** Carried by a TALKREQ (`request`) or a TALKRESP (`response`). */
  kind?: 'request' | 'response';
  /** The discv5 request id: Portal pairs on it. */
  requestId?: string | null;
  /** The network of the TALKREQ protocol id. */
  network?: PortalNetworkId | null;
  /** The version the flow's ENRs give, earlier messages suggest, or the caller states. */
  version?: VersionChoice;
  /** The request this response answers, as it was decoded. */
  request?: RequestSummary | null;
  /** The month (`YYYY-MM`) the traffic seems to be from, to choose among content key layouts of several eras. */
  month?: string;
}

/** What a response needs from its request: the offered or requested keys. */
export interface RequestSummary {
  message: string;
  keys: readonly DecodedContentKey[];
}

export interface DecodedPortalMessage {
  decoded: DecodedMessage;
  reading: MessageReading | null;
  version: VersionChoice;
  /** FindContent's key, Offer's keys. */
  keys: DecodedContentKey[];
  /** The uTP connection id Content or Accept announced (big-endian, as uTP carries it). */
  connectionId: number | null;
  /** Accept: which offered keys were accepted. */
  accepted: boolean[] | null;
  /** Nodes.total. */
  nodesTotal: number | null;
}

/** What the message itself shows about its version. */
export interface VersionEvidence {
  pingLayout?: 'custom_payload' | 'payload_type';
  accept?: AcceptFormChoice;
}
