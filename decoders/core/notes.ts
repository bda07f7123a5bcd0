/** Expert info, as Wireshark calls it: a finding about a message, attached to the field it concerns. */
export type Severity = 'error' | 'warning' | 'info';

export interface Note {
  severity: Severity;
  /** Stable dotted kind for grouping and counting, e.g. `pair.unanswered`, `hobbits.pong.mismatch`. */
  kind: string;
  text: string;
  /** Dotted spec path of the field the note is about (as in the message's `fields`), or null for the message. */
  field: string | null;
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function note(severity: Severity, kind: string, text: string, field: string | null = null): Note {
  return { severity, kind, text, field };
}
