import type { MessageCodec } from '../../../decoders/core/dissector';
import { fieldsJson } from '../../../decoders/core/field';
import { EncodeError, type JsonObject } from '../../../decoders/core/json';
import type { DecodedMessage } from '../../../decoders/core/message';
import type { Note } from '../../../decoders/core/notes';
import { coverageProblems } from '../../support/field-coverage';
import { concatParts } from '../mutators';
import { hashText, Random } from '../random';
import { check, sameBytes, type FuzzTarget } from '../target';
import { describeDifference } from './codec-cases';
import { checkDecodedMessage, messageSeeds, mutatedMessage, type MessageSeeds } from './protocol-message';

/**
 * What the message-codec targets of the devp2p and discv5 protocols share: a message decoded the way one variant
 * reads it (a capability version, a ress era, a Portal context) answers to the decoder oracles, and one decoded
 * without an error note covers every byte and encodes back to the same bytes.
 */

/** One way a target reads messages: a version, an era, a context. */
export interface CodecVariant {
  label: string;
  codec: MessageCodec;
}

export interface MessageInput {
  /** Index into the target's variants. */
  variant: number;
  bytes: Uint8Array;
}

export interface MessageTargetSpec {
  name: string;
  weight: number;
  batchSize: number;
  variants(): CodecVariant[];
  /** Valid messages: every seed is read by every variant (a message of one version under another). */
  seeds(rng: Random): Uint8Array[];
  /** Bytes a random tail is put after (a message code, a selector). */
  prefixes: readonly Uint8Array[];
  /** Note kinds whose message JSON cannot carry back byte for byte, as the protocol documents. */
  notInJson: ReadonlySet<string>;
  /** Oracles of the protocol's own, run on every decode. */
  check?(variant: CodecVariant, bytes: Uint8Array, decoded: DecodedMessage, notes: Note[]): void;
}

/** Note kinds no decoder may raise on a message JSON cannot carry: bytes after the message. */
export const TRAILING_BYTES = 'decode.trailing';

/**
 * The JSON a decode prints (`protocol`, `message`, `code`, `requestId`, `fields`), through JSON text as the CLI and
 * the composer pass it, encoded again with lengths recomputed and kept; an EncodeError is an oracle failure too.
 * `prefix` is what the encoding has before the decoded bytes (a capability session reads the payload alone, the
 * encoder writes `rlp(code) ‖ payload`).
 */
export function checkRoundTrip(
  codec: MessageCodec,
  bytes: Uint8Array,
  decoded: DecodedMessage,
  prefix: Uint8Array = new Uint8Array(0),
): void {
  const name = codec.declaration.name;
  const printed: JsonObject = {
    protocol: decoded.protocol,
    message: decoded.message,
    code: decoded.code,
    requestId: decoded.requestId,
    fields: fieldsJson(decoded.tree),
  };
  const json = JSON.parse(JSON.stringify(printed)) as JsonObject;
  for (const keepLengths of [false, true]) {
    let encoded: Uint8Array;
    try {
      encoded = codec.encodeMessage(json, { keepLengths });
    } catch (e) {
      if (!(e instanceof EncodeError)) throw e;
      const last = e.path.split('.').pop()!.replace(/^\d+$/, 'a list item');
      check(false, `${name}: decoded JSON does not encode (${last}: ${e.reason})`, `${decoded.message} at ${e.path}`);
    }
    if (!sameBytes(encoded, concatParts([prefix, bytes]))) {
      const samePrefix = sameBytes(encoded.subarray(0, prefix.length), prefix);
      check(samePrefix, `${name} ${decoded.message}: decoded JSON re-encodes with another message code`);
      const difference = describeDifference(decoded.tree, bytes, encoded.subarray(prefix.length));
      check(
        false,
        `${name} ${decoded.message}: decoded JSON re-encodes differently (lengths ${keepLengths ? 'kept' : 'recomputed'}), first in ${difference.kind}`,
        difference.detail,
      );
    }
  }
}

/** The oracles on one decode: decoder promises always, coverage and round trip when it reads without an error. */
export function checkMessageDecode(
  codec: MessageCodec,
  bytes: Uint8Array,
  decoded: DecodedMessage,
  notInJson: ReadonlySet<string>,
  prefix?: Uint8Array,
): Note[] {
  const notes = checkDecodedMessage(codec, bytes, decoded);
  if (notes.some((n) => n.severity === 'error')) return notes;
  const gaps = coverageProblems(decoded.tree, bytes.length);
  check(
    gaps.length === 0,
    () => `${codec.declaration.name} ${decoded.message}: bytes no field explains: ${gaps.slice(0, 3).join('; ')}`,
  );
  if (notes.some((n) => notInJson.has(n.kind))) return notes;
  checkRoundTrip(codec, bytes, decoded, prefix);
  return notes;
}

export function messageCodecTarget(spec: MessageTargetSpec): FuzzTarget<MessageInput> {
  let variants: CodecVariant[] = [];
  let seeds: MessageSeeds = { messages: [], numberFields: [], donors: [] };
  return {
    name: spec.name,
    weight: spec.weight,
    batchSize: spec.batchSize,
    prepare(seed) {
      variants = spec.variants();
      seeds = messageSeeds(variants[0]!.codec, spec.seeds(new Random(seed, hashText(spec.name))));
    },
    generate: (rng) => ({ variant: rng.below(variants.length), bytes: mutatedMessage(rng, seeds, spec.prefixes) }),
    execute({ variant, bytes }) {
      const chosen = variants[variant]!;
      const decoded = chosen.codec.decodeMessage(bytes);
      const notes = checkMessageDecode(chosen.codec, bytes, decoded, spec.notInJson);
      spec.check?.(chosen, bytes, decoded, notes);
    },
  };
}
