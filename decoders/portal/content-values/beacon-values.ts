import { ByteListType, ListCompositeType, type Type } from '@chainsafe/ssz';
import { walk } from '../../codecs/ssz';
import { toHex } from '../../core/bytes';
import { addNote, leaf, struct, type Field } from '../../core/field';
import { DecodeError } from '../../core/reader';
import type { ContentType } from '../content-keys/content-key-kind';
import { decodeInPlace } from '../embedded-ssz';
import { PORTAL_NOTES } from '../note-kinds';
import { forkOfDigest, lightClientTypes, type LightClientTypes } from './beacon-types';

/**
 * Beacon network values (legacy/beacon-chain/beacon-network.md "Data Types"): `ForkDigest ‖ SSZ(object)`, the
 * updates-by-range value a list of such items.
 */

const MAX_REQUEST_LIGHT_CLIENT_UPDATES = 128;
/** The items of updates-by-range are digest-prefixed updates: byte lists of any length. */
const UpdatesByRange = new ListCompositeType(new ByteListType(2 ** 24), MAX_REQUEST_LIGHT_CLIENT_UPDATES, {
  typeName: 'LightClientUpdatesByRange',
});

const OBJECT_OF: Partial<Record<ContentType, keyof LightClientTypes>> = {
  'beacon.bootstrap': 'bootstrap',
  'beacon.finality-update': 'finalityUpdate',
  'beacon.optimistic-update': 'optimisticUpdate',
  'beacon.historical-summaries': 'historicalSummaries',
};

const NAMES: Record<keyof LightClientTypes, string> = {
  bootstrap: 'light_client_bootstrap',
  update: 'light_client_update',
  finalityUpdate: 'light_client_finality_update',
  optimisticUpdate: 'light_client_optimistic_update',
  historicalSummaries: 'historical_summaries_with_proof',
};

export function readBeaconValue(content: ContentType, bytes: Uint8Array, start: number, end: number): Field | null {
  if (content === 'beacon.updates-by-range') {
    const field = walk(UpdatesByRange, bytes, start, end, 'light_client_updates');
    for (const item of field.children ?? []) {
      if (item.encoding) continue;
      const update = forkPrefixed('update', bytes, item.start!, item.end!);
      item.shape = 'struct';
      delete item.value;
      item.children = [...(item.children ?? []).filter((c) => c.encoding), ...(update.children ?? [])];
      if (update.notes) item.notes = [...(item.notes ?? []), ...update.notes];
      item.display = update.display;
    }
    return field;
  }
  const object = OBJECT_OF[content];
  return object ? forkPrefixed(object, bytes, start, end) : null;
}

/** `ForkDigest ‖ SSZ(object)`: the digest names the fork, whose types read the rest. */
function forkPrefixed(object: keyof LightClientTypes, bytes: Uint8Array, start: number, end: number): Field {
  if (end - start < 4) throw new DecodeError(start, 'a beacon value starts with a 4-byte fork digest', 'truncated');
  const digest = bytes.subarray(start, start + 4);
  const fork = forkOfDigest(digest);
  const field = struct(NAMES[object], start, [], end);
  const digestField = leaf(
    'fork_digest',
    toHex(digest),
    start,
    start + 4,
    fork ? `${fork.name} (${fork.chain})` : 'unknown fork',
  );
  field.children!.push(digestField);
  const rest: Field = { name: 'object', shape: 'leaf', start: start + 4, end };
  field.children!.push(rest);
  // The object's bytes as hex only where they stay bytes: decoded, it is shown by its fields.
  if (!fork) {
    rest.value = toHex(bytes, start + 4, end);
    addNote(digestField, 'info', PORTAL_NOTES.contentUndecoded, 'fork digest of no known mainnet fork: kept as bytes');
    return field;
  }
  const type: Type<unknown> = lightClientTypes(fork.types)[object];
  rest.name = type.typeName;
  if (!decodeInPlace(rest, bytes, type, PORTAL_NOTES.contentMalformed)) rest.value = toHex(bytes, start + 4, end);
  field.display = `${type.typeName} (${fork.name})`;
  return field;
}
