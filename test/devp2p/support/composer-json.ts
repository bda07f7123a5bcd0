import { RLP, type Input } from '@ethereumjs/rlp';
import { concatBytes } from '../../../decoders/core/bytes';
import type { MessageCodec } from '../../../decoders/core/dissector';
import { fieldsJson } from '../../../decoders/core/field';
import type { JsonObject } from '../../../decoders/core/json';

/**
 * The composer JSON of a message built as RLP input (`rlp(code) ‖ rlp(payload)`): what the composer shows after
 * decoding it. Sending that JSON back through the encoder must put the very same bytes on the wire, which is how
 * the sessions send messages too big to write out by hand (headers, bodies, transactions).
 */
export function composerJsonOf(codec: MessageCodec, code: number, payload: Input): JsonObject {
  const decoded = codec.decodeMessage(concatBytes([RLP.encode(code), RLP.encode(payload)]));
  return { message: decoded.message, fields: fieldsJson(decoded.tree) };
}
