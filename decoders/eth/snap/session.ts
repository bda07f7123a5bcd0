import type { Direction, StreamPosition } from '../../core/dissector';
import { addNote, type Field } from '../../core/field';
import type { DecodedMessage } from '../../core/message';
import type { CapabilityHost, CapabilityMessage, CapabilitySession } from '../../devp2p/capability';
import { RequestMemory } from '../../ethereum/capability/request-memory';
import { UNKNOWN_MESSAGE } from '../../ethereum/capability/unknown-message';
import { generatedCode, readMessage, type WireProtocol } from '../../ethereum/capability/wire-message';
import { childNamed, hexOf, specChildren } from '../../ethereum/field-values';
import { SNAP_MESSAGES } from '../message-table';
import { SNAP_NOTES } from '../note-kinds';
import { versionedWire } from '../wire';
import { snapDeclaration } from './declaration';

/**
 * One snap connection: messages named and paired by reqID; ByteCodes checked against the hashes asked for (snap.md
 * §ByteCodes: codes in request order, unavailable ones skipped).
 */
export class SnapSession implements CapabilitySession {
  private readonly requests = new RequestMemory<Field>();

  /** The messages as this connection's version reads them: built once, not per message. */
  private readonly wire: WireProtocol;

  constructor(
    private readonly host: CapabilityHost,
    private readonly version: number,
  ) {
    this.wire = versionedWire(snapDeclaration, SNAP_MESSAGES, version, 'reqID');
  }

  message(direction: Direction, m: CapabilityMessage, at: StreamPosition): void {
    const read = readMessage(this.wire, m.code, m.payload, 0, m.payload.length, this.version);
    if (read.message === UNKNOWN_MESSAGE) read.tree.children!.unshift(generatedCode(m.code));
    const decoded: DecodedMessage = { protocol: 'snap', ...read, bytes: m.payload, sources: m.sources };
    if (decoded.requestId !== null) {
      if (snapDeclaration.message(decoded.message)?.answeredBy)
        this.requests.remember(direction, decoded.requestId, decoded.tree);
      else {
        const request = this.requests.take(direction, decoded.requestId);
        if (request && decoded.message === 'ByteCodes') checkCodes(decoded.tree, request);
      }
    }
    this.host.emit(direction, decoded, at);
  }
}

function checkCodes(tree: Field, request: Field): void {
  const wanted = new Set(specChildren(childNamed(request, 'hashes')).map((h) => hexOf(h)));
  const codes = specChildren(childNamed(tree, 'codes'));
  if (codes.length > wanted.size) {
    addNote(tree, 'error', SNAP_NOTES.responseCount, `${codes.length} codes for ${wanted.size} requested hashes`);
  }
  for (const code of codes) {
    const hash = hexOf(childNamed(code, 'codeHash'));
    if (hash && !wanted.has(hash))
      addNote(code, 'error', SNAP_NOTES.unrequestedCode, `keccak256 ${hash} was not requested`);
  }
}
