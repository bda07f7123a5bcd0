/**
 * The overviews of the samples: `inspect --summary` (JSON and text), whose totals are those of the `--json` lines
 * and of capinfos, and `inspect --streams` as text. (`--streams --json`, its keys and its values against tshark,
 * are checked in test/samples/tshark-crosscheck.)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import type { SummaryCounter } from '../../src-main/cli/summary';
import { SAMPLES } from '../../samples/recording/sample-list';
import { analyzeSample, loadManifest, sampleRecords } from '../samples/analyzed-sample';
import { runCliOk } from './run-cli';

type Summary = ReturnType<SummaryCounter['json']>;

function countBy<T>(items: readonly T[], key: (item: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** capinfos: packets and file size, the independent count of what the file holds. */
async function capinfos(file: string): Promise<{ packets: number; bytes: number }> {
  const { stdout } = await promisify(execFile)('capinfos', ['-T', '-r', '-c', '-s', file]);
  const [, packets, bytes] = stdout.trim().split('\t');
  return { packets: Number(packets), bytes: Number(bytes) };
}

describe.each(SAMPLES)('inspect $name --summary', (sample) => {
  let lines: MessageRecord[];
  let summary: Summary;
  beforeAll(async () => {
    const [records, totals] = await Promise.all([
      sampleRecords(sample.capture),
      runCliOk(['inspect', sample.capture, '--summary', '--json']),
    ]);
    lines = records;
    summary = JSON.parse(totals.stdout) as Summary;
  });

  it('counts the messages of the --json lines per protocol and message', () => {
    expect(summary.messages.total).toBe(lines.length);
    const byMessage = countBy(lines, (l) => l.message);
    expect(summary.messages.byProtocol).toEqual({
      [sample.name]: {
        total: lines.length,
        byMessage: Object.fromEntries(Object.entries(byMessage).sort(([a], [b]) => a.localeCompare(b))),
      },
    });
  });

  it('counts pairing outcomes and notes by kind as the --json lines show them', () => {
    const pairs = countBy(lines, (l) => l.pair?.status ?? null);
    expect(summary.pairs).toEqual({
      matched: 0,
      unanswered: 0,
      orphan: 0,
      duplicate: 0,
      mismatch: 0,
      cancelled: 0,
      ...pairs,
    });
    const notes = lines.flatMap((l) => l.notes);
    const kinds = countBy(notes, (n) => n.kind);
    expect(Object.fromEntries(Object.entries(summary.notes.byKind).map(([k, v]) => [k, v.count]))).toEqual(kinds);
    for (const n of notes) expect(summary.notes.byKind[n.kind]!.severity).toBe(n.severity);
    expect(summary.notes.bySeverity).toEqual({ error: 0, warning: 0, info: 0, ...countBy(notes, (n) => n.severity) });
  });

  it('counts the frames and bytes capinfos counts, and the bytes the peers sent', async () => {
    const reference = await capinfos(sample.capture);
    expect({ frames: summary.frames, bytes: summary.bytes }).toEqual({
      frames: reference.packets,
      bytes: reference.bytes,
    });
    const sent = loadManifest(sample)
      .connections.flatMap((c) => c.messages)
      .reduce((n, m) => n + m.length, 0);
    expect(summary.messages.bytes).toBe(sent);
    expect(summary.streams).toEqual({ tcp: 3, udp: 0, undecoded: 0, payloadBytes: sent, gaps: 0 });
    expect(summary.format).toBe(sample.capture.endsWith('.pcapng') ? 'pcapng' : 'pcap');
  });

  it('prints the same totals as text', async () => {
    const { stdout } = await runCliOk(['inspect', sample.capture, '--summary']);
    const text = stdout.split('\n');
    expect(text).toContain(
      `Capture   ${sample.capture} (${summary.format}): ${summary.frames} frames, ${(summary.bytes / 1e6).toFixed(2)} MB`,
    );
    expect(text).toContain(`Messages  ${summary.messages.total} (${(summary.messages.bytes / 1e6).toFixed(2)} MB)`);
    for (const [name, count] of Object.entries(summary.messages.byProtocol[sample.name]!.byMessage)) {
      expect(text).toContain(`    ${name.padEnd(26)} ${String(count).padStart(9)}`);
    }
    const p = summary.pairs;
    expect(text).toContain(
      `Pairs     matched ${p.matched}, unanswered ${p.unanswered}, orphan ${p.orphan}, duplicate ${p.duplicate}, mismatch ${p.mismatch}, cancelled ${p.cancelled}`,
    );
    const s = summary.notes.bySeverity;
    expect(text).toContain(`Notes     ${s.error} errors, ${s.warning} warnings, ${s.info} info`);
    for (const [kind, n] of Object.entries(summary.notes.byKind)) {
      expect(text).toContain(`  ${kind.padEnd(38)} ${String(n.count).padStart(9)}  ${n.severity}`);
    }
  });
});

describe.each(SAMPLES)('inspect $name --streams', (sample) => {
  it('as text prints a header and a row per conversation naming its client, server and protocol', async () => {
    const { stdout } = await runCliOk(['inspect', sample.capture, '--streams']);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^stream\s+A\s+B\s+frames A→B\s+bytes A→B\s+frames B→A\s+bytes B→A\s+gaps\s+protocol$/);
    const manifest = loadManifest(sample);
    const { report } = await analyzeSample(sample.capture);
    expect(rows.length).toBe(manifest.connections.length);
    for (const connection of manifest.connections) {
      const row = rows.find((r) => r.includes(`127.0.0.1:${connection.clientPort} `))?.split(/\s+/);
      const conn = report.tcp.find((c) => c.a.port === connection.clientPort)!;
      expect(row, `the row of client port ${connection.clientPort}`).toEqual([
        `tcp:${conn.id}`,
        `127.0.0.1:${connection.clientPort}`,
        '<->',
        `127.0.0.1:${connection.serverPort}`,
        ...[conn.framesAtoB, conn.bytesAtoB, conn.framesBtoA, conn.bytesBtoA, 0].map(String),
        sample.name,
      ]);
    }
  });
});
