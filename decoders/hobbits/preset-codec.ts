import type { Type } from '@chainsafe/ssz';
import { sszCodec } from '../codecs/ssz';
import type { Codec } from '../core/codec';
import { addNote } from '../core/field';
import { EncodeError } from '../core/json';
import { DecodeError } from '../core/reader';
import { HOBBITS_NOTES } from './note-kinds';

/**
 * An SSZ type whose layout depends on the beacon-chain preset (BeaconState and what holds it). The wire does not
 * say which preset a peer ran: read as mainnet first, then as minimal (the 2019 interop testnets), and say so.
 * The two layouts differ in their fixed parts, so a wrong guess fails at once rather than deep inside.
 */
export function presetCodec(mainnet: Type<unknown>, minimal: Type<unknown>): Codec {
  const primary = sszCodec(mainnet);
  const fallback = sszCodec(minimal);
  return {
    typeName: primary.typeName,
    decode(r, name) {
      const start = r.pos;
      try {
        return primary.decode(r, name);
      } catch (mainnetError) {
        if (!(mainnetError instanceof DecodeError)) throw mainnetError;
        r.pos = start;
        try {
          const field = fallback.decode(r, name);
          addNote(
            field,
            'info',
            HOBBITS_NOTES.presetMinimal,
            `${name} has the minimal-preset layout (eth2.0-specs v0.8 minimal.yaml)`,
          );
          return field;
        } catch (minimalError) {
          if (!(minimalError instanceof DecodeError)) throw minimalError;
          throw mainnetError;
        }
      }
    },
    encode(value, w, path, options) {
      try {
        primary.encode(value, w, path, options);
      } catch (mainnetError) {
        if (!(mainnetError instanceof EncodeError)) throw mainnetError;
        try {
          fallback.encode(value, w, path, options);
        } catch {
          throw mainnetError;
        }
      }
    },
    schema: () => ({ title: primary.typeName, anyOf: [primary.schema(), fallback.schema()] }),
  };
}
