import { RLP } from '@ethereumjs/rlp';
import {
  BitVectorType,
  ByteVectorType,
  ContainerType,
  ListBasicType,
  UintBigintType,
  UintNumberType,
  type Type,
} from '@chainsafe/ssz';
import { readRlpHeader, rlpBytes, rlpItem, rlpUint } from '../codecs/rlp';
import { sszSchema, valueFromJson, walk } from '../codecs/ssz';
import { toHex } from '../core/bytes';
import type { Codec } from '../core/codec';
import type { Field } from '../core/field';
import { DecodeError } from '../core/reader';
import { ipAddressCodec, lenientPortCodec, rlpListWithTail, rlpTextCodec } from './rlp-value-codecs';

/**
 * The ENR keys Peerscope knows, with the codec of each value (EIP-778 pre-defined keys, devp2p enr-entries,
 * consensus-specs p2p-interface, the Portal wire spec, EIP-7636). Any other key is shown as generic RLP.
 */

/** An RLP byte string holding an SSZ value (the consensus-layer entries `eth2`, `attnets`, `syncnets`, Portal `pv`). */
function sszInRlpString(type: Type<unknown>, typeName: string): Codec {
  return {
    typeName,
    decode(r, name) {
      const at = r.pos;
      const h = readRlpHeader(r.bytes, at, r.end);
      if (h.isList) throw new DecodeError(at, `${name}: expected ${typeName} bytes, found a list`, 'rlp.type');
      const size = h.payloadEnd - h.payloadStart;
      if (type.fixedSize !== null && size !== type.fixedSize) {
        throw new DecodeError(h.payloadStart, `${typeName} has ${type.fixedSize} bytes, got ${size}`, 'rlp.size');
      }
      const value: Field = walk(type, r.bytes, h.payloadStart, h.payloadEnd, name);
      r.pos = h.payloadEnd;
      if (h.headerLength === 0) return value;
      const header: Field = {
        name: 'rlp',
        shape: 'leaf',
        value: toHex(r.bytes, at, h.payloadStart),
        display: `string, ${size} bytes`,
        start: at,
        end: h.payloadStart,
        encoding: true,
      };
      value.start = at;
      value.children = [header, ...(value.children ?? [])];
      return value;
    },
    encode(value, w, path) {
      w.bytes(RLP.encode(type.serialize(valueFromJson(type, value, path))));
    },
    schema: () => ({ ...sszSchema(type), title: typeName }),
  };
}

/** consensus-specs phase0 p2p-interface: `ENRForkID`. */
const EnrForkId = new ContainerType({
  fork_digest: new ByteVectorType(4),
  next_fork_version: new ByteVectorType(4),
  next_fork_epoch: new UintBigintType(8),
});

const port = lenientPortCodec;

export interface EnrKeyInfo {
  codec: Codec;
  summary: string;
}

export const ENR_KEYS: ReadonlyMap<string, EnrKeyInfo> = new Map<string, EnrKeyInfo>([
  ['id', { codec: rlpTextCodec, summary: 'identity scheme name (EIP-778), e.g. "v4"' }],
  ['secp256k1', { codec: rlpBytes(33), summary: 'compressed secp256k1 public key (identity scheme v4)' }],
  ['ip', { codec: ipAddressCodec(4), summary: 'IPv4 address' }],
  ['tcp', { codec: port, summary: 'TCP port' }],
  ['udp', { codec: port, summary: 'UDP port' }],
  ['ip6', { codec: ipAddressCodec(16), summary: 'IPv6 address' }],
  ['tcp6', { codec: port, summary: 'IPv6-specific TCP port' }],
  ['udp6', { codec: port, summary: 'IPv6-specific UDP port' }],
  ['quic', { codec: port, summary: 'QUIC (UDP) port of the libp2p host (consensus layer)' }],
  ['quic6', { codec: port, summary: 'IPv6-specific QUIC port' }],
  [
    'eth',
    {
      codec: rlpListWithTail('eth entry', [
        {
          name: 'forkId',
          codec: rlpListWithTail('fork id', [
            { name: 'forkHash', codec: rlpBytes(4) },
            { name: 'forkNext', codec: rlpUint(64) },
          ]),
        },
      ]),
      summary: 'eth protocol entry: the EIP-2124 fork id (devp2p enr-entries/eth.md)',
    },
  ],
  [
    'les',
    {
      codec: rlpListWithTail('les entry', [{ name: 'vfxVersion', codec: rlpUint(64), optional: true }]),
      summary: 'les protocol entry (devp2p enr-entries/les.md)',
    },
  ],
  ['snap', { codec: rlpListWithTail('snap entry', []), summary: 'snap protocol entry (devp2p enr-entries)' }],
  ['eth2', { codec: sszInRlpString(EnrForkId, 'ENRForkID'), summary: 'consensus-layer fork id (SSZ ENRForkID)' }],
  [
    'attnets',
    { codec: sszInRlpString(new BitVectorType(64), 'Bitvector[64]'), summary: 'attestation subnets (SSZ bitvector)' },
  ],
  [
    'syncnets',
    { codec: sszInRlpString(new BitVectorType(4), 'Bitvector[4]'), summary: 'sync committee subnets (SSZ bitvector)' },
  ],
  ['cgc', { codec: rlpUint(64), summary: 'custody group count (PeerDAS)' }],
  ['nfd', { codec: rlpBytes(4), summary: 'next fork digest' }],
  [
    'client',
    {
      codec: rlpListWithTail('client info', [
        { name: 'name', codec: rlpTextCodec },
        { name: 'version', codec: rlpTextCodec },
        { name: 'build', codec: rlpTextCodec, optional: true },
      ]),
      summary: 'client name and version (EIP-7636)',
    },
  ],
  [
    'p',
    {
      codec: rlpListWithTail('portal versions', [
        { name: 'pv_min', codec: rlpUint(8) },
        { name: 'pv_max', codec: rlpUint(8) },
        { name: 'chain_id', codec: rlpUint(256), optional: true },
      ]),
      summary: 'Portal protocol versions and chain id (protocol v2)',
    },
  ],
  [
    'pv',
    {
      codec: sszInRlpString(new ListBasicType(new UintNumberType(1), 8), 'List[uint8, 8]'),
      summary: 'Portal protocol versions (protocol v1, SSZ list)',
    },
  ],
]);

/** The codec of a key's value: the known one, or generic RLP. */
export function enrValueCodec(key: string): Codec {
  return ENR_KEYS.get(key)?.codec ?? rlpItem;
}
