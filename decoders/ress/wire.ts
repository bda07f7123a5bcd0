import { addNote } from '../core/field';
import type { Candidate } from '../ethereum/capability/payload-reading';
import type { WireProtocol } from '../ethereum/capability/wire-message';
import { RESS_ALTERNATIVES, ressDeclaration } from './declaration';
import { RESS_NOTES } from './note-kinds';

/** Which message set a side is known to use, from what it sent or what its peer asked. */
export type RessEra = 'seed' | 'reth';

/**
 * ress as the shared capability reader sees it. Codes 1–4 have a seed message and a reth message; the README's
 * `[request-id, [item]]` and reth's one-item lists are the same bytes, so `prefer` (what the connection has seen:
 * the request a response answers, the era the sender used) decides, reth first when nothing is known.
 * `expected` names the response the connection's pending request asks for: read as that, a response is not
 * ambiguous (a Headers answering GetHeaders cannot be the seed's Header, which only answers GetHeader).
 */
export function ressWire(prefer: RessEra = 'reth', expected?: string): WireProtocol {
  return {
    declaration: ressDeclaration,
    requestIdField: 'request-id',
    candidates(code): Candidate[] {
      const pair = RESS_ALTERNATIVES[code];
      const names = pair ? (prefer === 'seed' ? [pair.seed, pair.reth] : [pair.reth, pair.seed]) : [];
      const declared = pair
        ? names.map((n) => ressDeclaration.message(n)!)
        : [...ressDeclaration.messages].filter((m) => m.code === code);
      return declared.map((declaration) => ({ declaration }));
    },
    annotate(reading, tree) {
      if (reading.alsoComplete.length === 0 || reading.declaration.name === expected) return;
      const also = reading.alsoComplete.map((m) => m.name).join(', ');
      addNote(
        tree,
        'info',
        RESS_NOTES.ambiguous,
        `read as ${reading.declaration.name}; the same bytes are also a valid ${also}`,
      );
    },
  };
}
