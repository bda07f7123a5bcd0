import { brokenField, PartialDecodeError } from '../../core/codec';
import { addNote, type Field } from '../../core/field';
import { DecodeError } from '../../core/reader';
import { contentTypeOf, type ContentType, type KeyValue } from '../content-keys/content-key-kind';
import type { KeyReading } from '../content-keys/key-readings';
import { PORTAL_NOTES } from '../note-kinds';
import { readBeaconValue } from './beacon-values';
import {
  readEphemeralHeaders,
  readEpochAccumulator,
  readLegacyBody,
  readLegacyHeader,
  readLegacyReceipts,
  readOfferEphemeralHeader,
  readRlpBody,
  readRlpReceipts,
} from './history-values';
import { readStateValue } from './state-values';

/** What a content value is: the key that asked for it, and whether it came by FindContent or Offer. */
export interface ContentRequest {
  reading: KeyReading | null;
  /** State values differ: an offer carries proofs, a FindContent answer the node alone. */
  purpose: 'retrieval' | 'offer';
}

type Reader = (
  bytes: Uint8Array,
  start: number,
  end: number,
  key: KeyValue,
  purpose: ContentRequest['purpose'],
) => Field | null;

const READERS: Partial<Record<ContentType, Reader>> = {
  'legacy-history.header': (b, s, e, key) => readLegacyHeader(b, s, e, key),
  'legacy-history.body': (b, s, e) => readLegacyBody(b, s, e),
  'legacy-history.receipts': (b, s, e) => readLegacyReceipts(b, s, e),
  'legacy-history.epoch-accumulator': (b, s, e) => readEpochAccumulator(b, s, e),
  'legacy-history.ephemeral-headers': (b, s, e, key) => readEphemeralHeaders(b, s, e, key),
  'legacy-history.ephemeral-header': (b, s, e, key) => readOfferEphemeralHeader(b, s, e, key),
  'history.body': (b, s, e) => readRlpBody(b, s, e),
  'history.receipts': (b, s, e) => readRlpReceipts(b, s, e),
  'state.account-trie-node': (b, s, e, _k, p) => readStateValue('state.account-trie-node', p, b, s, e),
  'state.contract-trie-node': (b, s, e, _k, p) => readStateValue('state.contract-trie-node', p, b, s, e),
  'state.contract-code': (b, s, e, _k, p) => readStateValue('state.contract-code', p, b, s, e),
  'beacon.bootstrap': (b, s, e) => readBeaconValue('beacon.bootstrap', b, s, e),
  'beacon.updates-by-range': (b, s, e) => readBeaconValue('beacon.updates-by-range', b, s, e),
  'beacon.finality-update': (b, s, e) => readBeaconValue('beacon.finality-update', b, s, e),
  'beacon.optimistic-update': (b, s, e) => readBeaconValue('beacon.optimistic-update', b, s, e),
  'beacon.historical-summaries': (b, s, e) => readBeaconValue('beacon.historical-summaries', b, s, e),
};

/**
 * Reads the content `bytes[start, end)` as what its key asked for. Never throws: a value that breaks yields what was
 * read and an error note; null when nothing says what it is (no key, or a content type Peerscope cannot read).
 */
export function readContentValue(request: ContentRequest, bytes: Uint8Array, start: number, end: number): Field | null {
  const reading = request.reading;
  const content = reading ? contentTypeOf(reading.kind, reading.value) : null;
  const reader = content ? READERS[content] : undefined;
  if (!reading || !reader) return null;
  try {
    return reader(bytes, start, end, reading.value, request.purpose);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const field = e instanceof PartialDecodeError ? e.partial : brokenField(content!, e, end);
    addNote(
      field,
      'error',
      PORTAL_NOTES.contentMalformed,
      `not a ${reading.kind.label} value: ${e.message} (at byte ${e.offset})`,
    );
    return field;
  }
}

/**
 * Inline content (a byte-list leaf): the decoded value becomes its child, and its JSON stays the bytes (content is
 * composed and re-encoded as bytes). Content nothing says how to read gets an info note.
 */
export function decodeContentValueInPlace(field: Field, bytes: Uint8Array, request: ContentRequest): void {
  const value = readContentValue(request, bytes, field.start!, field.end!);
  if (!value) {
    const why = request.reading
      ? `no reader for ${request.reading.kind.label} content`
      : 'the request (its content key) was not seen';
    addNote(field, 'info', PORTAL_NOTES.contentUndecoded, `kept as bytes: ${why}`);
    return;
  }
  (field.children ??= []).push(value);
}
