import { RLP } from '@ethereumjs/rlp';
import { readRlpHeader, rlpBytes, rlpItem, rlpListOf, rlpStruct, rlpUint } from '../codecs/rlp';
import type { Codec } from '../core/codec';
import { addNote, type Field } from '../core/field';
import { annotated, named } from '../ethereum/annotated-codec';
import { bigintOf } from '../ethereum/field-values';
import { forkId } from '../ethereum/fork-id';
import { LES_MESSAGE_NAMES } from './message-table';
import { LES_NOTES } from './note-kinds';

/**
 * The value types of the Status keys (devp2p caps/les.md §Status; specs/les.md §2) and of the Announce update list.
 * A value is the RLP item itself (geth's `rlp.RawValue`), not a string wrapping it. Unknown keys must be ignored by
 * peers; here they show as generic RLP.
 */

const u64 = rlpUint(64);

/** announceType (les/2): what the client wants the server's Announce messages to be. */
export const ANNOUNCE_TYPES: Readonly<Record<number, string>> = { 0: 'none', 1: 'simple', 2: 'signed' };

/**
 * A flag key (`serveHeaders`, `txRelay`): its presence is the flag. geth writes the value as uint64 0 (`0x80`),
 * shown as null; another value is kept as generic RLP.
 */
const flag: Codec = {
  typeName: 'flag',
  decode(r, name) {
    const h = readRlpHeader(r.bytes, r.pos, r.end);
    if (!h.isList && h.payloadEnd - h.payloadStart === 0 && h.headerLength === 1) {
      const field: Field = {
        name,
        shape: 'leaf',
        value: null,
        start: r.pos,
        end: h.payloadEnd,
        display: 'present (empty value)',
      };
      r.pos = h.payloadEnd;
      return field;
    }
    const field = rlpItem.decode(r, name);
    field.display = 'present, with a value';
    return field;
  },
  encode(value, w, path, options) {
    if (value === null) w.bytes(RLP.encode(new Uint8Array(0)));
    else rlpItem.encode(value, w, path, options);
  },
  schema: () => ({ description: 'present: null (geth writes 0x80)', anyOf: [{ type: 'null' }, rlpItem.schema()] }),
};

/** One row of the Maximum Request Cost table: `[MsgCode, BaseCost, ReqCost]`. */
const mrcEntry = rlpStruct('MRCEntry', [
  { name: 'msgCode', codec: named(u64, LES_MESSAGE_NAMES) },
  { name: 'baseCost', codec: u64 },
  { name: 'reqCost', codec: u64 },
]);

/** recentTxLookup (les/4): 0 all transactions, 1 none, N > 1 the last N−1 blocks (geth txIndexRecentOffset). */
const recentTxLookup = annotated(u64, (field) => {
  const n = bigintOf(field);
  if (n === null) return;
  field.display = n === 0n ? '0 (all transactions)' : n === 1n ? '1 (none)' : `${n} (the last ${n - 1n} blocks)`;
});

const announceType = named(rlpUint(64), ANNOUNCE_TYPES, (field) =>
  addNote(field, 'warning', LES_NOTES.announceType, `announceType ${String(field.value)}: 0 none, 1 simple, 2 signed`),
);

export const STATUS_KEYS: Readonly<Record<string, Codec>> = {
  protocolVersion: u64,
  networkId: u64,
  headTd: rlpUint(256),
  headHash: rlpBytes(32),
  headNum: u64,
  genesisHash: rlpBytes(32),
  forkID: forkId,
  recentTxLookup,
  announceType,
  serveHeaders: flag,
  serveChainSince: u64,
  serveRecentChain: u64,
  serveStateSince: u64,
  serveRecentState: u64,
  txRelay: flag,
  'flowControl/BL': u64,
  'flowControl/MRR': u64,
  'flowControl/MRC': rlpListOf(mrcEntry, 'MRC'),
};

/** Announce updates use the Status keys, plus `sign` (announceType 2): a 65-byte [R ‖ S ‖ V] signature. */
export const ANNOUNCE_KEYS: Readonly<Record<string, Codec>> = { ...STATUS_KEYS, sign: rlpBytes(65) };

/** Keys every Status must carry (les.md §Status: "The following keys are required"); forkID from les/4. */
export const REQUIRED_STATUS_KEYS = ['protocolVersion', 'networkId', 'headTd', 'headHash', 'headNum', 'genesisHash'];
