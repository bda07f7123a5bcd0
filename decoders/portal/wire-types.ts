import {
  BitListType,
  ByteListType,
  ByteVectorType,
  ContainerType,
  ListBasicType,
  ListCompositeType,
  UintBigintType,
  UintNumberType,
} from '@chainsafe/ssz';

/**
 * The SSZ containers of the Portal wire messages (portal-wire-protocol.md "Message Types"), in every layout they
 * had. A message on the wire is `selector ‖ SSZ(container)`; the selector numbering is in messages.ts.
 */

export const uint8 = new UintNumberType(1);
export const uint16 = new UintNumberType(2);
/** Big integers: uint64 values above 2^53 must survive encoding exactly. */
export const uint64 = new UintBigintType(8);
export const uint256 = new UintBigintType(32);
export const Bytes2 = new ByteVectorType(2);
export const Bytes32 = new ByteVectorType(32);

/** `ByteList` alias of the seed (List[uint8, 2048]); written out as ByteList[2048] since 2024-06. */
export const ByteList2048 = new ByteListType(2048);
export const EnrList = new ListCompositeType(ByteList2048, 32);

/** Ping/Pong until 2025-01: `custom_payload` defined per network (a radius, later a typed extension). */
export const PingCustomPayload = new ContainerType(
  { enr_seq: uint64, custom_payload: ByteList2048 },
  { typeName: 'Ping(custom_payload)' },
);

/** Ping/Pong since 2025-01 (flattened ping extensions): the payload's type beside it. */
export const PingWithPayloadType = new ContainerType(
  { enr_seq: uint64, payload_type: uint16, payload: new ByteListType(1100) },
  { typeName: 'Ping(payload_type)' },
);

export const FindNodes = new ContainerType({ distances: new ListBasicType(uint16, 256) }, { typeName: 'FindNodes' });

export const Nodes = new ContainerType({ total: uint8, enrs: EnrList }, { typeName: 'Nodes' });

export const FindContent = new ContainerType({ content_key: ByteList2048 }, { typeName: 'FindContent' });

/** The Content message is itself a union (its variants are in CONTENT_VARIANTS). */
export const Offer = new ContainerType(
  { content_keys: new ListCompositeType(ByteList2048, 64) },
  { typeName: 'Offer' },
);

/** Accept until protocol v1: bit i set = offered key i wanted. */
export const AcceptBitList = new ContainerType(
  { connection_id: Bytes2, content_keys: new BitListType(64) },
  { typeName: 'Accept(BitList)' },
);

/** Accept since protocol v1 (2025-03): one code per offered key. */
export const AcceptCodes = new ContainerType(
  { connection_id: Bytes2, content_keys: new ByteListType(64) },
  { typeName: 'Accept(codes)' },
);

/** Content union variants (portal-wire-protocol.md "`content` Union Definition"): selector → name and type. */
export const CONTENT_VARIANTS = [
  { name: 'connection_id', type: Bytes2 },
  { name: 'content', type: ByteList2048 },
  { name: 'enrs', type: EnrList },
] as const;

/** Accept codes (protocol v1, portal-wire-protocol.md "Accept (0x07)"); 7–255 decline without a stated reason. */
export const ACCEPT_CODES: Readonly<Record<number, string>> = {
  0: 'accept',
  1: 'declined (generic)',
  2: 'declined: already stored',
  3: 'declined: not within radius',
  4: 'declined: rate limited (too many connections)',
  5: 'declined: inbound rate limit for this content id',
  6: 'declined: content key not verifiable',
};
