import { toHex } from '../core/bytes';
import { decodeAll, fixedBytes, restBytes, structOf, type Codec } from '../core/codec';
import { encodingLeaf, shiftRanges, type Field } from '../core/field';
import { authdataCodec } from './authdata';
import { HEADER_START, MASKING_IV_SIZE } from './packet-layout';
import { STATIC_HEADER_MEMBERS } from './static-header';

/**
 * A packet with its header unmasked, as one struct: masking-iv, the static header, authdata and the (encrypted)
 * message. It decodes what the dissector unmasked, and what `peerscope decode discv5` is given (a WHOAREYOU's
 * challenge-data, say); it encodes such a packet back for the composer (masking is the sender's job).
 */
export const packetCodec: Codec = structOf('packet', [
  { name: 'masking-iv', codec: fixedBytes(MASKING_IV_SIZE) },
  ...STATIC_HEADER_MEMBERS,
  {
    name: 'authdata',
    codec: (before) => authdataCodec(before.flag),
    size: (before) => Number(before['authdata-size']),
  },
  { name: 'message', codec: restBytes },
]);

/** The byte source holding a packet's unmasked header (static header || authdata), offsets from its first byte. */
export const HEADER_SOURCE = 'discv5 header';

/**
 * The packet tree of a datagram the dissector unmasked. Field ranges follow the bytes they describe: masking-iv,
 * the masked header and the message in the datagram (`datagramSource`; undefined when the datagram is the
 * message's own bytes), the header fields in HEADER_SOURCE.
 */
export function packetTree(
  unmaskedPacket: Uint8Array,
  datagram: Uint8Array,
  headerEnd: number,
  datagramSource?: string,
): Field {
  const { field } = decodeAll(packetCodec, unmaskedPacket, 'packet');
  const children: Field[] = [];
  for (const child of field.children ?? []) {
    if (child.name === 'masking-iv') {
      children.push(
        child,
        encodingLeaf('masked-header', toHex(datagram, HEADER_START, headerEnd), HEADER_START, headerEnd),
      );
    } else if (child.name === 'message' || child.name === 'trailing') {
      children.push(child);
    } else {
      shiftRanges(child, -HEADER_START);
      child.source = HEADER_SOURCE;
      children.push(child);
    }
  }
  field.children = children;
  if (datagramSource !== undefined) field.source = datagramSource;
  return field;
}
