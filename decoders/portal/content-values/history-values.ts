import { ByteListType, ContainerType, ListCompositeType } from '@chainsafe/ssz';
import { sszFits, walk } from '../../codecs/ssz';
import { addNote, type Field } from '../../core/field';
import { blockBody, ommers, withdrawal } from '../../ethereum/block-body';
import { bigintOf, childNamed } from '../../ethereum/field-values';
import { blockHeader } from '../../ethereum/header';
import { blockReceipts } from '../../ethereum/receipt';
import type { KeyValue } from '../content-keys/content-key-kind';
import { PORTAL_NOTES } from '../note-kinds';
import { Bytes32, uint256 } from '../wire-types';
import { canonicalReceipt, canonicalTransaction } from './canonical-encodings';
import { decodeExactly, decodeHeldValue } from './embedded-codec';
import { decodeHeaderProof } from './header-proofs';

/**
 * History content values. Legacy network (legacy/history/history-network.md "Data Types"): SSZ containers around
 * RLP items (a header with its proof, a body as transaction and uncle byte lists, receipts as byte lists); in the
 * 2021–22 drafts plain RLP. Current network (history/history-network.md): the devp2p RLP of the body and receipts.
 */

const MAX_HEADER_LENGTH = 2 ** 11;
const HeaderBytes = new ByteListType(MAX_HEADER_LENGTH);

const BlockHeaderWithProof = new ContainerType(
  { header: HeaderBytes, proof: new ByteListType(1024) },
  { typeName: 'BlockHeaderWithProof' },
);
/** Before 2025-02 the proof was an SSZ union, so the container's second member was of another size. */
const transactionsType = new ListCompositeType(new ByteListType(2 ** 24), 2 ** 14);
const uncles = new ByteListType(2 ** 15);
const BlockBodyLegacy = new ContainerType({ transactions: transactionsType, uncles }, { typeName: 'BlockBodyLegacy' });
const BlockBodyShanghai = new ContainerType(
  { transactions: transactionsType, uncles, withdrawals: new ListCompositeType(new ByteListType(64), 16) },
  { typeName: 'BlockBodyShanghai' },
);
const Receipts = new ListCompositeType(new ByteListType(2 ** 27), 2 ** 14, { typeName: 'Receipts' });
const EphemeralHeaders = new ListCompositeType(HeaderBytes, 256, { typeName: 'EphemeralHeaders' });
const OfferEphemeralHeader = new ContainerType({ header: HeaderBytes }, { typeName: 'OfferEphemeralHeader' });
const EpochAccumulator = new ListCompositeType(
  new ContainerType({ block_hash: Bytes32, total_difficulty: uint256 }, { typeName: 'HeaderRecord' }),
  8192,
  { typeName: 'EpochAccumulator' },
);

/** A header with its proof (2022-12 on), else the bare RLP header of the drafts. */
export function readLegacyHeader(bytes: Uint8Array, start: number, end: number, key: KeyValue | null): Field {
  if (!sszFits(BlockHeaderWithProof, bytes, start, end)) {
    const header = decodeExactly(blockHeader, bytes, start, end, 'block_header');
    checkAgainstKey(header, header, key);
    return header;
  }
  const field = walk(BlockHeaderWithProof, bytes, start, end, 'block_header_with_proof');
  const headerField = childNamed(field, 'header')!;
  const header = decodeHeldValue(headerField, bytes, blockHeader);
  const proof = childNamed(field, 'proof')!;
  decodeHeaderProof(
    proof,
    bytes,
    bigintOf(childNamed(header ?? undefined, 'number')),
    bigintOf(childNamed(header ?? undefined, 'timestamp')),
  );
  if (header) checkAgainstKey(header, field, key);
  return field;
}

/** SSZ body (withdrawals since Shanghai, told by the first offset: 12 vs 8), else the drafts' RLP body. */
export function readLegacyBody(bytes: Uint8Array, start: number, end: number): Field {
  const type = [BlockBodyShanghai, BlockBodyLegacy].find((t) => sszFits(t, bytes, start, end));
  if (!type) return decodeExactly(blockBody, bytes, start, end, 'block_body');
  const field = walk(type, bytes, start, end, 'block_body');
  for (const tx of childNamed(field, 'transactions')?.children ?? []) {
    if (!tx.encoding) decodeHeldValue(tx, bytes, canonicalTransaction);
  }
  const uncleList = childNamed(field, 'uncles')!;
  decodeHeldValue(uncleList, bytes, ommers);
  for (const w of childNamed(field, 'withdrawals')?.children ?? [])
    if (!w.encoding) decodeHeldValue(w, bytes, withdrawal);
  return field;
}

/** SSZ list of receipts (typed ones as type ‖ rlp), else the drafts' RLP list. */
export function readLegacyReceipts(bytes: Uint8Array, start: number, end: number): Field {
  if (!sszFits(Receipts, bytes, start, end)) return decodeExactly(blockReceipts, bytes, start, end, 'receipts');
  const field = walk(Receipts, bytes, start, end, 'receipts');
  for (const receipt of field.children ?? []) if (!receipt.encoding) decodeHeldValue(receipt, bytes, canonicalReceipt);
  return field;
}

/** Headers newest first, each the parent of the one before (legacy history "Ephemeral Headers by FindContent"). */
export function readEphemeralHeaders(bytes: Uint8Array, start: number, end: number, key: KeyValue | null): Field {
  const field = walk(EphemeralHeaders, bytes, start, end, 'ephemeral_headers');
  const headers = (field.children ?? []).filter((c) => !c.encoding);
  let previous: Field | null = null;
  headers.forEach((item, i) => {
    const header = decodeHeldValue(item, bytes, blockHeader);
    if (!header) return;
    if (i === 0) checkAgainstKey(header, item, key);
    const parent = previous ? childNamed(previous, 'parentHash')?.value : undefined;
    if (parent !== undefined && childNamed(header, 'hash')?.value !== parent) {
      addNote(item, 'error', PORTAL_NOTES.contentMismatch, `header ${i} is not the parent of header ${i - 1}`);
    }
    previous = header;
  });
  const ancestors = key ? Number(key.ancestor_count) : null;
  if (ancestors !== null && headers.length > ancestors + 1) {
    addNote(
      field,
      'info',
      PORTAL_NOTES.contentMismatch,
      `${headers.length} headers for ancestor_count ${ancestors}: SHOULD be at most ${ancestors + 1}`,
    );
  }
  return field;
}

export function readOfferEphemeralHeader(bytes: Uint8Array, start: number, end: number, key: KeyValue | null): Field {
  const field = walk(OfferEphemeralHeader, bytes, start, end, 'offer_ephemeral_header');
  const header = decodeHeldValue(childNamed(field, 'header')!, bytes, blockHeader);
  if (header) checkAgainstKey(header, field, key);
  return field;
}

export function readEpochAccumulator(bytes: Uint8Array, start: number, end: number): Field {
  return walk(EpochAccumulator, bytes, start, end, 'epoch_accumulator');
}

/** The current history network sends the devp2p RLP of a body. */
export function readRlpBody(bytes: Uint8Array, start: number, end: number): Field {
  return decodeExactly(blockBody, bytes, start, end, 'block_body');
}

export function readRlpReceipts(bytes: Uint8Array, start: number, end: number): Field {
  return decodeExactly(blockReceipts, bytes, start, end, 'receipts');
}

/** A header must be the one its key asked for: same hash (by-hash keys) or number (by-number keys). */
function checkAgainstKey(header: Field, noteOn: Field, key: KeyValue | null): void {
  if (!key) return;
  const hash = childNamed(header, 'hash')?.value;
  if (key.block_hash instanceof Uint8Array && typeof hash === 'string') {
    const wanted = `0x${[...key.block_hash].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    if (wanted !== hash) {
      addNote(
        noteOn,
        'error',
        PORTAL_NOTES.contentMismatch,
        `header hash ${hash} is not the key's block_hash ${wanted}`,
      );
    }
  }
  const number = bigintOf(childNamed(header, 'number'));
  if (key.block_number !== undefined && number !== null && BigInt(key.block_number as bigint) !== number) {
    addNote(
      noteOn,
      'error',
      PORTAL_NOTES.contentMismatch,
      `header number ${number} is not the key's block_number ${key.block_number}`,
    );
  }
}
