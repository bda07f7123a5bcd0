import type { Note, Severity } from '../../decoders/core/notes';
import type { PairInfo, PairStatus } from '../../decoders/core/pairing';
import type { CaptureReport } from '../engine/analyze-capture';
import type { AnalysisHandlers } from '../engine/analyze-capture';
import { collectNotes } from '../../decoders/core/field';

/** Totals of a capture, counted as the analysis goes (nothing per message is kept). */
export class SummaryCounter {
  readonly messages = new Map<string, Map<string, number>>();
  readonly pairs: Record<PairStatus, number> = {
    matched: 0,
    unanswered: 0,
    orphan: 0,
    duplicate: 0,
    mismatch: 0,
    cancelled: 0,
  };
  readonly notesBySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  readonly notesByKind = new Map<string, { severity: Severity; count: number }>();
  messageBytes = 0;
  /** Requests whose status may still change, with the status counted for them now. */
  private readonly open = new Map<number, PairStatus>();

  readonly handlers: AnalysisHandlers = {
    message: (m) => {
      const byType = this.messages.get(m.decoded.protocol) ?? new Map<string, number>();
      byType.set(m.decoded.message, (byType.get(m.decoded.message) ?? 0) + 1);
      this.messages.set(m.decoded.protocol, byType);
      this.messageBytes += m.decoded.bytes.length;
      for (const n of collectNotes(m.decoded.tree)) this.note(n);
      if (m.pair) {
        this.pairs[m.pair.status]++;
        if (m.pair.status === 'unanswered' || m.pair.status === 'duplicate') this.open.set(m.index, m.pair.status);
      }
    },
    pairUpdate: (index, pair) => this.update(index, pair),
    streamNote: (_c, _d, note) => this.note(note),
    frameNote: (_f, note) => this.note(note),
  };

  private update(index: number, pair: PairInfo): void {
    const before = this.open.get(index);
    if (before === undefined) return;
    this.pairs[before]--;
    // A duplicate request stays counted as a duplicate even once answered.
    this.pairs[before === 'duplicate' ? 'duplicate' : pair.status]++;
    this.open.delete(index);
  }

  private note(n: Note): void {
    this.notesBySeverity[n.severity]++;
    const entry = this.notesByKind.get(n.kind) ?? { severity: n.severity, count: 0 };
    entry.count++;
    this.notesByKind.set(n.kind, entry);
  }

  /** Unanswered requests are warnings too, once the capture has ended. */
  finish(report: CaptureReport): void {
    for (let i = 0; i < report.unanswered.length; i++) {
      this.note({ severity: 'warning', kind: 'pair.unanswered', text: '', field: null });
    }
  }

  json(report: CaptureReport, path: string) {
    const messages: Record<string, { total: number; byMessage: Record<string, number> }> = {};
    let total = 0;
    for (const [protocol, byType] of this.messages) {
      const byMessage = Object.fromEntries([...byType].sort(([a], [b]) => a.localeCompare(b)));
      const count = [...byType.values()].reduce((a, b) => a + b, 0);
      messages[protocol] = { total: count, byMessage };
      total += count;
    }
    return {
      file: path,
      format: report.file.format,
      frames: report.file.frames,
      bytes: report.file.bytes,
      damage: report.damage,
      streams: {
        tcp: report.tcp.length,
        udp: report.udp.length,
        undecoded: report.undecodedConnections,
        payloadBytes: report.tcp.reduce((a, c) => a + c.bytesAtoB + c.bytesBtoA, 0),
        gaps: report.tcp.reduce((a, c) => a + c.gaps, 0),
      },
      messages: { total, bytes: this.messageBytes, byProtocol: messages },
      pairs: this.pairs,
      notes: {
        bySeverity: this.notesBySeverity,
        byKind: Object.fromEntries([...this.notesByKind].sort(([a], [b]) => a.localeCompare(b))),
      },
      elapsedMs: Math.round(report.elapsedMs * 1000) / 1000,
    };
  }
}

export function summaryText(s: ReturnType<SummaryCounter['json']>): string {
  const lines: string[] = [];
  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  lines.push(`Capture   ${s.file} (${s.format}): ${s.frames} frames, ${mb(s.bytes)}`);
  for (const d of s.damage) lines.push(`Damage    at file offset ${d.offset}: ${d.reason}`);
  lines.push(
    `Streams   ${s.streams.tcp} TCP (${s.streams.undecoded} not decoded), ${s.streams.udp} UDP; ` +
      `${mb(s.streams.payloadBytes)} TCP payload, ${s.streams.gaps} gaps`,
  );
  lines.push(`Messages  ${s.messages.total} (${mb(s.messages.bytes)})`);
  for (const [protocol, p] of Object.entries(s.messages.byProtocol)) {
    lines.push(`  ${protocol.padEnd(28)} ${String(p.total).padStart(9)}`);
    for (const [name, count] of Object.entries(p.byMessage))
      lines.push(`    ${name.padEnd(26)} ${String(count).padStart(9)}`);
  }
  lines.push(
    `Pairs     ${Object.entries(s.pairs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const sev = s.notes.bySeverity;
  lines.push(`Notes     ${sev.error} errors, ${sev.warning} warnings, ${sev.info} info`);
  for (const [kind, n] of Object.entries(s.notes.byKind)) {
    lines.push(`  ${kind.padEnd(38)} ${String(n.count).padStart(9)}  ${n.severity}`);
  }
  const seconds = s.elapsedMs / 1000;
  lines.push(`Elapsed   ${seconds.toFixed(3)} s (${(s.bytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(1)} MB/s)`);
  return lines.join('\n');
}
