import {
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  ETHERTYPE_QINQ,
  ETHERTYPE_QINQ_OLD,
  ETHERTYPE_VLAN,
  LINKTYPE_ETHERNET,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_RAW,
  LINKTYPE_RAW_BSD_12,
  LINKTYPE_RAW_BSD_14,
} from './link-types';

/** Which network layer a frame carries: the IP version, or 0 for none. */
export type Network = 0 | 4 | 6;

/**
 * The outcome of peeling the link-layer header off a frame. `ip`: `network` and `offset` are set; `not-ip`: a
 * valid frame of another protocol (ARP, LLC …), nothing to say; `malformed`: `problem` says what is wrong;
 * `unsupported`: Peerscope does not know the link type.
 */
export type LinkOutcome = 'ip' | 'not-ip' | 'malformed' | 'unsupported';

/** Reused for every frame so the per-packet path allocates nothing. */
export class LinkLayerHeader {
  network: Network = 0;
  /** Offset of the network-layer header in the frame. */
  offset = 0;
  problem = '';
}

const ETHERNET_HEADER = 14;
const VLAN_TAG = 4;
/** More stacked tags than this is not a real frame. */
const MAX_VLAN_TAGS = 8;
const SLL_HEADER = 16;
const SLL2_HEADER = 20;
const NULL_HEADER = 4;

// BSD address families for IP in DLT_NULL / DLT_LOOP headers: IPv6 differs per BSD (NetBSD/OpenBSD 24,
// FreeBSD 28, Darwin 30), IPv4 is 2 everywhere.
const AF_INET = 2;
const AF_INET6_BSD = 24;
const AF_INET6_FREEBSD = 28;
const AF_INET6_DARWIN = 30;

export function decodeLinkLayer(linkType: number, frame: Uint8Array, out: LinkLayerHeader): LinkOutcome {
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      return decodeEthernet(frame, out);
    case LINKTYPE_LINUX_SLL:
      return decodeSll(frame, out);
    case LINKTYPE_LINUX_SLL2:
      return decodeSll2(frame, out);
    case LINKTYPE_NULL:
      return decodeNull(frame, out);
    case LINKTYPE_LOOP:
      return decodeLoop(frame, out);
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_BSD_12:
    case LINKTYPE_RAW_BSD_14:
      return decodeRawIp(frame, 0, out);
    case LINKTYPE_IPV4:
      return network(out, 4, 0);
    case LINKTYPE_IPV6:
      return network(out, 6, 0);
    default:
      return 'unsupported';
  }
}

function decodeEthernet(frame: Uint8Array, out: LinkLayerHeader): LinkOutcome {
  if (frame.length < ETHERNET_HEADER)
    return malformed(out, `Ethernet header needs 14 bytes, frame has ${frame.length}`);
  return decodeEtherType(frame, 12, out);
}

/** Follows 802.1Q / 802.1ad tags from the EtherType at `typeOffset` to the payload's EtherType. */
function decodeEtherType(frame: Uint8Array, typeOffset: number, out: LinkLayerHeader): LinkOutcome {
  let at = typeOffset;
  for (let tags = 0; ; tags++) {
    const type = (frame[at]! << 8) | frame[at + 1]!;
    if (type !== ETHERTYPE_VLAN && type !== ETHERTYPE_QINQ && type !== ETHERTYPE_QINQ_OLD) {
      return etherTypeNetwork(type, at + 2, out);
    }
    if (tags === MAX_VLAN_TAGS) return malformed(out, `more than ${MAX_VLAN_TAGS} VLAN tags`);
    // A tag is TCI (2 bytes) then the next EtherType.
    at += VLAN_TAG;
    if (at + 2 > frame.length) return malformed(out, `VLAN tag at offset ${at - VLAN_TAG} is cut short`);
  }
}

function etherTypeNetwork(type: number, offset: number, out: LinkLayerHeader): LinkOutcome {
  if (type === ETHERTYPE_IPV4) return network(out, 4, offset);
  if (type === ETHERTYPE_IPV6) return network(out, 6, offset);
  return 'not-ip';
}

/** Linux cooked capture v1: packet type, ARPHRD, address length, 8 address bytes, protocol. */
function decodeSll(frame: Uint8Array, out: LinkLayerHeader): LinkOutcome {
  if (frame.length < SLL_HEADER) return malformed(out, `Linux SLL header needs 16 bytes, frame has ${frame.length}`);
  return decodeEtherType(frame, 14, out);
}

/** Linux cooked capture v2: protocol first, then reserved, ifindex, ARPHRD, packet type, address. */
function decodeSll2(frame: Uint8Array, out: LinkLayerHeader): LinkOutcome {
  if (frame.length < SLL2_HEADER) return malformed(out, `Linux SLL2 header needs 20 bytes, frame has ${frame.length}`);
  const type = (frame[0]! << 8) | frame[1]!;
  if (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) {
    // The tag sits after the cooked header; its inner EtherType is at the tag's end.
    if (frame.length < SLL2_HEADER + VLAN_TAG) return malformed(out, 'VLAN tag after the SLL2 header is cut short');
    return decodeEtherType(frame, SLL2_HEADER + 2, out);
  }
  return etherTypeNetwork(type, SLL2_HEADER, out);
}

/**
 * BSD loopback: the address family in the byte order of the capturing host, which the file does not record.
 * Families are small numbers, so a value in the high half-word means the other byte order.
 */
function decodeNull(frame: Uint8Array, out: LinkLayerHeader): LinkOutcome {
  if (frame.length < NULL_HEADER) return malformed(out, `loopback header needs 4 bytes, frame has ${frame.length}`);
  const littleEndian = frame[0]! | (frame[1]! << 8);
  const family = littleEndian !== 0 ? littleEndian : (frame[2]! << 8) | frame[3]!;
  return addressFamilyNetwork(family, out);
}

/** OpenBSD DLT_LOOP: the same header in network byte order. */
function decodeLoop(frame: Uint8Array, out: LinkLayerHeader): LinkOutcome {
  if (frame.length < NULL_HEADER) return malformed(out, `loopback header needs 4 bytes, frame has ${frame.length}`);
  const family = ((frame[0]! << 24) | (frame[1]! << 16) | (frame[2]! << 8) | frame[3]!) >>> 0;
  return addressFamilyNetwork(family, out);
}

function addressFamilyNetwork(family: number, out: LinkLayerHeader): LinkOutcome {
  if (family === AF_INET) return network(out, 4, NULL_HEADER);
  if (family === AF_INET6_BSD || family === AF_INET6_FREEBSD || family === AF_INET6_DARWIN) {
    return network(out, 6, NULL_HEADER);
  }
  return 'not-ip';
}

/** Raw IP: the version nibble says which. */
function decodeRawIp(frame: Uint8Array, offset: number, out: LinkLayerHeader): LinkOutcome {
  if (frame.length <= offset) return malformed(out, 'raw IP frame is empty');
  const version = frame[offset]! >> 4;
  if (version === 4) return network(out, 4, offset);
  if (version === 6) return network(out, 6, offset);
  return malformed(out, `raw IP frame has IP version ${version}`);
}

function network(out: LinkLayerHeader, kind: Network, offset: number): LinkOutcome {
  out.network = kind;
  out.offset = offset;
  return 'ip';
}

function malformed(out: LinkLayerHeader, problem: string): LinkOutcome {
  out.problem = problem;
  return 'malformed';
}
