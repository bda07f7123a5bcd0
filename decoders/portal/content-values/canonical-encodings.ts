import { toHex } from '../../core/bytes';
import { addNote, generatedLeaf, leaf, struct } from '../../core/field';
import { keccak256 } from '../../ethereum/keccak';
import { consensusReceipt } from '../../ethereum/receipt';
import { transaction } from '../../ethereum/transaction';
import { TYPED_TRANSACTION_BODIES } from '../../ethereum/transaction-fields';
import { PORTAL_NOTES } from '../note-kinds';
import { decodeExactly, type ValueReader } from './embedded-codec';

/**
 * Transactions and receipts in their canonical encoding (EIP-2718), as the history network's SSZ byte lists hold
 * them: a legacy one is an RLP list, a typed one `type ‖ rlp(payload)` with no RLP string around it (unlike the
 * devp2p block bodies the ethereum codecs read).
 */
export const canonicalTransaction: ValueReader = {
  typeName: 'Transaction',
  decode(r, name) {
    if (r.remaining > 0 && r.bytes[r.pos]! >= 0xc0) return transaction.decode(r, name);
    const start = r.pos;
    const type = r.u8('transaction type');
    const body = TYPED_TRANSACTION_BODIES[type];
    const field = struct(name, start, [
      leaf('type', type, start, start + 1, body ? `${body.name} (${type})` : undefined),
    ]);
    if (!body) {
      field.children!.push(leaf('payload', toHex(r.bytes, r.pos, r.end), r.pos, r.end));
      addNote(field, 'warning', PORTAL_NOTES.contentMalformed, `transaction type ${type} is not known: kept as bytes`);
      r.pos = r.end;
    } else {
      const inner = decodeExactly(body.codec, r.bytes, r.pos, r.end, name);
      field.children!.push(...(inner.children ?? []));
      r.pos = r.end;
    }
    field.end = r.pos;
    field.children!.push(
      generatedLeaf('hash', toHex(keccak256(r.bytes.subarray(start, r.pos))), 'keccak256(type ‖ payload)'),
    );
    return field;
  },
};

export const canonicalReceipt: ValueReader = {
  typeName: 'Receipt',
  decode(r, name) {
    if (r.remaining > 0 && r.bytes[r.pos]! >= 0xc0) return consensusReceipt.decode(r, name);
    const start = r.pos;
    const type = r.u8('receipt type');
    const field = struct(name, start, [leaf('type', type, start, start + 1)]);
    // The payload is the legacy receipt list; its reader marks it type 0, which this receipt is not.
    const inner = decodeExactly(consensusReceipt, r.bytes, r.pos, r.end, name);
    field.children!.push(...(inner.children ?? []).filter((c) => !(c.generated && c.name === 'type')));
    r.pos = r.end;
    field.end = r.pos;
    return field;
  },
};
