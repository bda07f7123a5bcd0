import { rlpBytes, rlpStruct, rlpUint } from '../codecs/rlp';
import { hexSchema, type Codec } from '../core/codec';
import { addNote, generatedLeaf, type Field } from '../core/field';
import { toHex } from '../core/bytes';
import { annotated, withGenerated } from './annotated-codec';
import { specChildren, spanOf } from './field-values';
import { keccak256 } from './keccak';

/**
 * The execution block header (devp2p caps/eth.md "Block Encoding and Validity"; specs/ress.md §5): an RLP list
 * whose later fields exist only after the fork that added them. Trailing fields are omitted before their fork,
 * never zero-filled, so the field count says which fork the header belongs to.
 */

const hash32 = rlpBytes(32);
const u64 = rlpUint(64);
const u256 = rlpUint(256);

/** The header fields in wire order, with the fork that added each optional one. */
export const HEADER_FIELDS: readonly { name: string; codec: Codec; since?: string }[] = [
  { name: 'parentHash', codec: hash32 },
  { name: 'ommersHash', codec: hash32 },
  { name: 'beneficiary', codec: rlpBytes(20) },
  { name: 'stateRoot', codec: hash32 },
  { name: 'transactionsRoot', codec: hash32 },
  { name: 'receiptsRoot', codec: hash32 },
  { name: 'logsBloom', codec: rlpBytes(256) },
  { name: 'difficulty', codec: u256 },
  { name: 'number', codec: u64 },
  { name: 'gasLimit', codec: u64 },
  { name: 'gasUsed', codec: u64 },
  { name: 'timestamp', codec: u64 },
  { name: 'extraData', codec: rlpBytes() },
  { name: 'mixHash', codec: hash32 },
  { name: 'nonce', codec: rlpBytes(8) },
  { name: 'baseFeePerGas', codec: u256, since: 'London (EIP-1559)' },
  { name: 'withdrawalsRoot', codec: hash32, since: 'Shanghai (EIP-4895)' },
  { name: 'blobGasUsed', codec: u64, since: 'Cancun (EIP-4844)' },
  { name: 'excessBlobGas', codec: u64, since: 'Cancun (EIP-4844)' },
  { name: 'parentBeaconBlockRoot', codec: hash32, since: 'Cancun (EIP-4788)' },
  { name: 'requestsHash', codec: hash32, since: 'Prague (EIP-7685)' },
  { name: 'blockAccessListHash', codec: hash32, since: 'Amsterdam (EIP-7928)' },
  { name: 'slotNumber', codec: u64, since: 'EIP-7843 (in the 2026 geth snapshot)' },
];

/** Header field count → the fork whose headers have that many fields (a fork adds fields together). */
const FORK_BY_FIELD_COUNT: Readonly<Record<number, string>> = {
  15: 'Frontier–Berlin',
  16: 'London–Paris',
  17: 'Shanghai',
  20: 'Cancun',
  21: 'Prague–Osaka',
  22: 'Amsterdam',
  23: 'EIP-7843',
};

/** extraData is limited to 32 bytes (Yellow Paper §4.3.4, MAXIMUM_EXTRA_DATA_SIZE). */
const MAX_EXTRA_DATA = 32;

const headerFields = rlpStruct(
  'Header',
  HEADER_FIELDS.map((f) => ({ name: f.name, codec: f.codec, optional: f.since !== undefined })),
);

/** keccak256 of the header's RLP: the block hash. */
export function headerHash(field: Field, bytes: Uint8Array): string | null {
  const span = spanOf(field, bytes);
  return span ? toHex(keccak256(span)) : null;
}

function generated(field: Field, bytes: Uint8Array): Field[] {
  const count = specChildren(field).length;
  const fork = FORK_BY_FIELD_COUNT[count];
  const forkField = generatedLeaf(
    'fork',
    fork ?? null,
    fork ? `${count} fields: ${fork} layout` : `${count} fields: no fork has this layout`,
  );
  if (!fork) {
    addNote(
      forkField,
      'warning',
      'ethereum.header.fields',
      `${count} header fields: forks add fields together (Cancun adds three), so no fork has ${count}`,
    );
  }
  const hash = headerHash(field, bytes);
  return [generatedLeaf('hash', hash, 'keccak256(rlp(header)): the block hash'), forkField];
}

function checkExtraData(field: Field): void {
  const extra = field.children?.find((c) => c.name === 'extraData');
  const length = typeof extra?.value === 'string' ? (extra.value.length - 2) / 2 : 0;
  if (extra && length > MAX_EXTRA_DATA) {
    addNote(extra, 'warning', 'ethereum.header.extra-data', `${length} bytes of extraData; at most ${MAX_EXTRA_DATA}`);
  }
}

/** A block header with its hash and fork layout as generated fields. */
export const blockHeader: Codec = withGenerated(annotated(headerFields, checkExtraData), generated, {
  hash: { ...hexSchema('bytes32', 32), description: 'generated: keccak256(rlp(header))' },
  fork: { type: ['string', 'null'], description: 'generated: the fork whose layout the field count matches' },
});
