import { addNote } from '../core/field';
import type { WireProtocol } from '../ethereum/capability/wire-message';
import { lesDeclaration } from './declaration';
import { LES_MESSAGES, LES_LATEST_VERSION } from './message-table';
import { LES_NOTES } from './note-kinds';

const byName = new Map(LES_MESSAGES.map((m) => [m.name, m]));
const cache = new Map<number, WireProtocol>();

/**
 * LES as the shared capability reader sees it at one version: one message per code, and a note when the message
 * does not belong to that version (the les/1 messages geth answers with "invalid message code" since les/2).
 */
export function lesWire(version: number = LES_LATEST_VERSION): WireProtocol {
  let wire = cache.get(version);
  if (wire) return wire;
  wire = {
    declaration: lesDeclaration,
    requestIdField: 'reqID',
    candidates(code) {
      const message = lesDeclaration.byCode(code);
      return message ? [{ declaration: message }] : [];
    },
    annotate(reading, tree) {
      const info = byName.get(reading.declaration.name);
      if (!info) return;
      if (info.until !== undefined && version > info.until) {
        const replacement = {
          GetProofs: 'GetProofsV2',
          Proofs: 'ProofsV2',
          SendTx: 'SendTxV2',
          GetHeaderProofs: 'GetHelperTrieProofs',
          HeaderProofs: 'HelperTrieProofs',
        }[info.name];
        addNote(
          tree,
          'warning',
          LES_NOTES.deprecated,
          `${info.name} is les/1 only, deprecated since les/2 (use ${replacement}); les/${version} peers reject it`,
        );
      } else if (info.since > version) {
        addNote(
          tree,
          'warning',
          LES_NOTES.version,
          `${info.name} exists since les/${info.since}, not in les/${version}`,
        );
      }
    },
  };
  cache.set(version, wire);
  return wire;
}
