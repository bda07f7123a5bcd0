import { UnionType, type Type } from '@chainsafe/ssz';
import { sszFits } from '../codecs/ssz';
import { messageBySelector, type PortalMessageName, type PortalMessageSpec, type SelectorEra } from './messages';
import type { VersionChoice } from './protocol-version';
import {
  AcceptBitList,
  AcceptCodes,
  CONTENT_VARIANTS,
  FindContent,
  FindNodes,
  Nodes,
  Offer,
  PingCustomPayload,
  PingWithPayloadType,
} from './wire-types';

/** The Content message as one type, to test whether bytes fit it. */
const ContentUnion = new UnionType(CONTENT_VARIANTS.map((v) => v.type as Type<unknown>));

/** The container layouts a message had (newest first); the seed had only the first Ping and Accept layouts. */
const LAYOUTS: Record<PortalMessageName, { current: Type<unknown>[]; seed: Type<unknown>[] }> = {
  Ping: { current: [PingWithPayloadType, PingCustomPayload], seed: [PingCustomPayload] },
  Pong: { current: [PingWithPayloadType, PingCustomPayload], seed: [PingCustomPayload] },
  FindNodes: { current: [FindNodes], seed: [FindNodes] },
  Nodes: { current: [Nodes], seed: [Nodes] },
  FindContent: { current: [FindContent], seed: [FindContent] },
  Content: { current: [ContentUnion], seed: [ContentUnion] },
  Offer: { current: [Offer], seed: [Offer] },
  Accept: { current: [AcceptCodes, AcceptBitList], seed: [AcceptBitList] },
};

export function layoutsOf(name: PortalMessageName, era: SelectorEra): Type<unknown>[] {
  return LAYOUTS[name][era];
}

/** One way to read a payload: which message, in which selector numbering, and whether a layout of it fits. */
export interface MessageReading {
  spec: PortalMessageSpec;
  era: SelectorEra;
  /** Some layout of the message reads the bytes after the selector without error. */
  fits: boolean;
  /** A request in a TALKREQ, a response in a TALKRESP (true when the carrier is not known). */
  carrierFits: boolean;
}

/**
 * Every reading of a payload's selector, best first. The selector byte alone is ambiguous for 0x01–0x07 (seed Ping
 * is current Pong, seed FindNodes current Nodes, …); the carrier (TALKREQ or TALKRESP) and the container layout
 * tell them apart: a well-formed message of the right role first, then a well-formed one (in the wrong carrier,
 * which is noted), then the current numbering unless the version is the seed's.
 */
export function messageReadings(
  bytes: Uint8Array,
  kind: 'request' | 'response' | undefined,
  version: VersionChoice | undefined,
): MessageReading[] {
  if (bytes.length === 0) return [];
  const selector = bytes[0]!;
  // Only what the ENRs or the caller state rules a numbering out; what earlier messages showed only ranks.
  const stated = version !== undefined && (version.source === 'enr' || version.source === 'given');
  const knownLater = stated && (version.version === 'v1' || version.version === 'v2');
  const knownSeed = stated && version.version === 'seed';
  const eras: SelectorEra[] = knownSeed ? ['seed'] : knownLater ? ['current'] : ['current', 'seed'];
  const out: MessageReading[] = [];
  for (const era of eras) {
    const spec = messageBySelector(selector, era);
    if (!spec) continue;
    const fits = layoutsOf(spec.name, era).some((t) => sszFits(t, bytes, 1, bytes.length));
    out.push({ spec, era, fits, carrierFits: kind === undefined || spec.role === kind });
  }
  const preferSeed = version?.version === 'seed';
  return out.sort(
    (a, b) =>
      Number(b.carrierFits && b.fits) - Number(a.carrierFits && a.fits) ||
      Number(b.fits) - Number(a.fits) ||
      Number(b.carrierFits) - Number(a.carrierFits) ||
      Number(preferSeed ? b.era === 'seed' : b.era === 'current') -
        Number(preferSeed ? a.era === 'seed' : a.era === 'current'),
  );
}
