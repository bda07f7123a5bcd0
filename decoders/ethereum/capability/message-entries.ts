import type { Codec } from '../../core/codec';
import type { MessageDeclaration } from '../../core/declaration';
import { unknownMessage } from './unknown-message';

/** What a capability declares of a message beside its name and code: its body, a summary, its response. */
export interface MessageEntry {
  body: Codec;
  summary: string;
  answeredBy?: string;
}

/** A row of a capability's code table: name and code as the spec lists them, the versions that have it. */
export interface CapabilityMessageInfo {
  code: number;
  name: string;
  since: number;
  /** Last version that has the message. */
  until?: number;
}

/**
 * A capability's messages: one per row of its code table (name and code, as the spec lists them), each with its
 * entry, then the message for codes the negotiated version does not define. `spec` is the text they cite;
 * `versions`, where given, adds the versions a row's message belongs to, and `unknown` says which codes the
 * capability leaves undefined.
 */
export function capabilityMessages(
  spec: string,
  table: readonly CapabilityMessageInfo[],
  entries: Readonly<Record<string, MessageEntry>>,
  options: { versions?: (row: CapabilityMessageInfo) => string; unknown?: string } = {},
): MessageDeclaration[] {
  const declared = table.map((m): MessageDeclaration => {
    const entry = entries[m.name];
    if (!entry) throw new Error(`${spec}: no entry for ${m.name}`);
    const versions = options.versions ? `, ${options.versions(m)}` : '';
    return {
      name: m.name,
      code: m.code,
      summary: entry.summary,
      spec: `${spec} §${m.name} (0x${m.code.toString(16).padStart(2, '0')})${versions}`,
      body: entry.body,
      ...(entry.answeredBy ? { answeredBy: [entry.answeredBy] } : {}),
    };
  });
  const unknown = options.unknown ?? 'codes the negotiated version does not define';
  return [...declared, unknownMessage(`${spec}: ${unknown}`)];
}
