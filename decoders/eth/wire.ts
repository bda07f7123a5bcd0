import type { DeclaredProtocol } from '../core/declaration';
import { addNote } from '../core/field';
import type { WireProtocol } from '../ethereum/capability/wire-message';
import type { CapabilityMessageInfo } from '../ethereum/capability/message-entries';
import type { VersionedCodec } from './versioned-shapes';

/**
 * eth or snap as the shared capability reader sees it at one version: one message per code, the version's payload
 * shape tried first, and a note when the message does not exist at that version.
 */
export function versionedWire(
  declaration: DeclaredProtocol,
  messages: readonly CapabilityMessageInfo[],
  version: number,
  requestIdField: string,
): WireProtocol {
  const byName = new Map(messages.map((m) => [m.name, m]));
  const kind = `${declaration.name}.message.version`;
  return {
    declaration,
    requestIdField,
    candidates(code) {
      const message = declaration.byCode(code);
      if (!message) return [];
      const body = message.body as Partial<VersionedCodec>;
      if (!body.orderFor || !body.decodePreferring) return [{ declaration: message }];
      const order = body.orderFor(version);
      return [{ declaration: message, decode: (r, name) => body.decodePreferring!(r, name, order) }];
    },
    annotate(reading, tree) {
      const info = byName.get(reading.declaration.name);
      if (!info) return;
      const name = declaration.name;
      if (version < info.since)
        addNote(tree, 'warning', kind, `${info.name} exists since ${name}/${info.since}, not in ${name}/${version}`);
      else if (info.until !== undefined && version > info.until) {
        addNote(
          tree,
          'warning',
          kind,
          `${info.name} was dropped after ${name}/${info.until}, not in ${name}/${version}`,
        );
      }
    },
  };
}
