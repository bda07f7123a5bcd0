/**
 * The eight Portal wire messages (portal-wire-protocol.md "Message Types"): one SSZ union, whose selectors started
 * at 0x01 in the seed (2021-10 … 2021-11-16) and at 0x00 since 2021-11-23 (specs/portal.md §3.1). The declared code
 * is the current selector; the seed selector is one more.
 */

export type PortalMessageName =
  'Ping' | 'Pong' | 'FindNodes' | 'Nodes' | 'FindContent' | 'Content' | 'Offer' | 'Accept';

export interface PortalMessageSpec {
  name: PortalMessageName;
  /** Selector since 2021-11-23. */
  selector: number;
  role: 'request' | 'response';
  /** The response that answers a request. */
  answeredBy?: PortalMessageName;
  summary: string;
  /** Section of portal-wire-protocol.md. */
  spec: string;
}

export const PORTAL_MESSAGES: readonly PortalMessageSpec[] = [
  {
    name: 'Ping',
    selector: 0x00,
    role: 'request',
    answeredBy: 'Pong',
    summary: 'Liveness check with the sender’s ENR sequence number and a payload (radius, client info)',
    spec: 'Ping (0x00; 0x01 in the seed)',
  },
  {
    name: 'Pong',
    selector: 0x01,
    role: 'response',
    summary: 'Answer to Ping, with the responder’s ENR sequence number and payload',
    spec: 'Pong (0x01; 0x02 in the seed)',
  },
  {
    name: 'FindNodes',
    selector: 0x02,
    role: 'request',
    answeredBy: 'Nodes',
    summary: 'Asks for ENRs at log2 distances (0 = the recipient itself)',
    spec: 'Find Nodes (0x02; 0x03 in the seed)',
  },
  {
    name: 'Nodes',
    selector: 0x03,
    role: 'response',
    summary: 'ENRs at the requested distances; `total` messages in all',
    spec: 'Nodes (0x03; 0x04 in the seed)',
  },
  {
    name: 'FindContent',
    selector: 0x04,
    role: 'request',
    answeredBy: 'Content',
    summary: 'Asks for the content of a content key',
    spec: 'Find Content (0x04; 0x05 in the seed)',
  },
  {
    name: 'Content',
    selector: 0x05,
    role: 'response',
    summary: 'The content, a uTP connection id to fetch it, or ENRs of closer nodes',
    spec: 'Content (0x05; 0x06 in the seed)',
  },
  {
    name: 'Offer',
    selector: 0x06,
    role: 'request',
    answeredBy: 'Accept',
    summary: 'Offers content by key (up to 64 keys)',
    spec: 'Offer (0x06; 0x07 in the seed)',
  },
  {
    name: 'Accept',
    selector: 0x07,
    role: 'response',
    summary: 'Which offered keys are wanted, and the uTP connection id to send them on',
    spec: 'Accept (0x07; 0x08 in the seed)',
  },
];

/** Selectors of the seed era are the current ones plus this. */
export const SEED_SELECTOR_OFFSET = 1;

export type SelectorEra = 'seed' | 'current';

export function messageBySelector(selector: number, era: SelectorEra): PortalMessageSpec | undefined {
  return PORTAL_MESSAGES[era === 'seed' ? selector - SEED_SELECTOR_OFFSET : selector];
}

export function portalMessage(name: string): PortalMessageSpec | undefined {
  return PORTAL_MESSAGES.find((m) => m.name === name);
}

export function wireSelector(spec: PortalMessageSpec, era: SelectorEra): number {
  return era === 'seed' ? spec.selector + SEED_SELECTOR_OFFSET : spec.selector;
}

/** What a TALKREQ/TALKRESP payload that is no Portal message is emitted as. */
export const UNKNOWN_REQUEST = 'UnknownRequest';
export const UNKNOWN_RESPONSE = 'UnknownResponse';
/** A TALKRESP with no payload: the peer does not support the request (portal-wire-protocol.md, introduction). */
export const EMPTY_RESPONSE = 'EmptyResponse';
