import { addNote, type Field } from '../core/field';
import { enrCodec } from '../enr';
import { decodeHeldValue } from './content-values/embedded-codec';
import { PORTAL_NOTES } from './note-kinds';

/**
 * The ENRs of Nodes and Content: SSZ byte lists each holding a record's RLP (not the `enr:` text), decoded by the
 * shared ENR codec (decoders/enr) in place, so they read as discv5's NODES do: signature, seq, pairs, and the
 * generated node id, signature check and text form.
 */
export function decodeEnrList(enrs: Field, bytes: Uint8Array): void {
  const seen = new Map<string, string>();
  for (const item of enrs.children ?? []) {
    // Items the list walker could not read stay as it reported them.
    if (item.encoding || item.start === undefined || item.notes?.some((n) => n.severity === 'error')) continue;
    if (!decodeHeldValue(item, bytes, enrCodec)) {
      item.notes = (item.notes ?? []).map((n) =>
        n.kind === PORTAL_NOTES.contentMalformed ? { ...n, kind: PORTAL_NOTES.enrMalformed } : n,
      );
      continue;
    }
    const nodeId = item.children?.find((c) => c.name === 'node-id')?.value;
    if (typeof nodeId !== 'string') continue;
    const first = seen.get(nodeId);
    if (first !== undefined) {
      addNote(
        item,
        'error',
        PORTAL_NOTES.enrDuplicate,
        `node id ${nodeId} again (ENR ${first}): node ids must be unique`,
      );
    } else seen.set(nodeId, item.name);
  }
}
