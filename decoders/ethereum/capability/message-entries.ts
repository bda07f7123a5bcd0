import type { Codec } from '../../core/codec';
import type { MessageDeclaration } from '../../core/declaration';
import { unknownMessage } from './unknown-message';

/** What a capability declares of a message beside its name and code: its body, a summary, its response. */
export interface MessageEntry {
  body: Codec;
  summary: string;
  answeredBy?: string;
}

/**
 * A capability's messages: one per row of its code table (name and code, as the spec lists them), each with its
 * entry, then the message for codes the negotiated version does not define. `spec` is the text they cite.
 */
export function capabilityMessages(
  spec: string,
  table: readonly { name: string; code: number }[],
  entries: Readonly<Record<string, MessageEntry>>,
): MessageDeclaration[] {
  const declared = table.map((m): MessageDeclaration => {
    const entry = entries[m.name];
    if (!entry) throw new Error(`${spec}: no entry for ${m.name}`);
    return {
      name: m.name,
      code: m.code,
      summary: entry.summary,
      spec: `${spec} §${m.name} (0x${m.code.toString(16).padStart(2, '0')})`,
      body: entry.body,
      ...(entry.answeredBy ? { answeredBy: [entry.answeredBy] } : {}),
    };
  });
  return [...declared, unknownMessage(`${spec}: codes the negotiated version does not define`)];
}
