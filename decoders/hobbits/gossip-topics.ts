import type { Type } from '@chainsafe/ssz';
import { sszCodec } from '../codecs/ssz';
import type { Codec } from '../core/codec';
import { EncodeError, isJsonObject, type JsonValue } from '../core/json';
import { DecodeError } from '../core/reader';
import { mainnetTypes } from './beacon-types';

/**
 * GOSSIP carries one SSZ object, raw (not wrapped in BSON), whose type the `topic` header names: "The type of object
 * is defined by `topic`, which MUST be `BLOCK` or `ATTESTATION`" (Hobbits spec, GOSSIP).
 */
export const GOSSIP_TOPICS = {
  BLOCK: { type: mainnetTypes.BeaconBlock as Type<unknown>, codec: sszCodec(mainnetTypes.BeaconBlock) },
  ATTESTATION: { type: mainnetTypes.Attestation as Type<unknown>, codec: sszCodec(mainnetTypes.Attestation) },
} as const;

export type GossipTopic = keyof typeof GOSSIP_TOPICS;

export function isGossipTopic(topic: unknown): topic is GossipTopic {
  return topic === 'BLOCK' || topic === 'ATTESTATION';
}

/** The topic a decoded object belongs to, told by its shape (for a composer JSON that leaves `topic` out). */
export function topicOfObject(value: JsonValue | undefined): GossipTopic | undefined {
  if (!isJsonObject(value)) return undefined;
  if ('aggregation_bits' in value && 'custody_bits' in value) return 'ATTESTATION';
  if ('body' in value && 'slot' in value) return 'BLOCK';
  return undefined;
}

/**
 * The GOSSIP body as the declaration states it: a BeaconBlock or an Attestation. The decoder picks the type from the
 * topic; this codec, for use without a header, tries both (their fixed parts differ: 172 vs 304 bytes).
 */
export const gossipObjectCodec: Codec = {
  typeName: 'BeaconBlock | Attestation',
  decode(r, name) {
    const start = r.pos;
    try {
      return GOSSIP_TOPICS.BLOCK.codec.decode(r, name);
    } catch (blockError) {
      if (!(blockError instanceof DecodeError)) throw blockError;
      r.pos = start;
      return GOSSIP_TOPICS.ATTESTATION.codec.decode(r, name);
    }
  },
  encode(value, w, path, options) {
    const topic = topicOfObject(value);
    if (!topic) throw new EncodeError(path, 'expected a BeaconBlock or an Attestation');
    GOSSIP_TOPICS[topic].codec.encode(value, w, path, options);
  },
  schema: () => ({
    title: 'BeaconBlock | Attestation',
    anyOf: [GOSSIP_TOPICS.BLOCK.codec.schema(), GOSSIP_TOPICS.ATTESTATION.codec.schema()],
  }),
};
