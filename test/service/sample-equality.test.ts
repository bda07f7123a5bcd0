/**
 * The service against the CLI, sample by sample: the same messages, records, totals, notes and conversations,
 * whether they come from the columns (rows, statistics) or from decoding a message again (getMessage).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../decoders/core/message';
import { SEVERITIES, type Severity } from '../../decoders/core/notes';
import type { FieldNode } from '../../src-main/api/peerscope-api';
import type { StreamRow } from '../../src-main/cli/streams';
import type { PeerscopeService } from '../../src-main/service/peerscope-service';
import { jsonLines, runCliOk } from '../cli/run-cli';
import { cliJson, cliRecords, openLoaded, SAMPLE_RUNS, startService } from './support/service-harness';

interface Summary {
  frames: number;
  messages: {
    total: number;
    bytes: number;
    byProtocol: Record<string, { total: number; byMessage: Record<string, number> }>;
  };
  pairs: Record<string, number>;
  notes: { byKind: Record<string, { severity: Severity; count: number }> };
}

let harness: Awaited<ReturnType<typeof startService>>;
beforeAll(async () => {
  harness = await startService();
});
afterAll(() => harness.dispose());

describe.each(SAMPLE_RUNS)('the $name sample', (sample) => {
  let service: PeerscopeService;
  let id: string;
  let frames: number;
  let records: MessageRecord[];
  beforeAll(async () => {
    service = harness.service;
    const [opened, cli] = await Promise.all([
      openLoaded(service, { kind: 'sample', name: sample.name }),
      cliRecords(sample.cli),
    ]);
    id = opened.info.id;
    frames = opened.progress.frames;
    records = cli;
    expect(opened.progress.state).toBe('done');
    expect(records.length).toBeGreaterThan(0);
  });

  it('decodes every message again exactly as `inspect --json` prints it, in any order', async () => {
    for (const record of records) {
      const detail = await service.getMessage(id, record.index);
      expect(detail.record).toEqual(record);
      expect(detail.sources[0]!.name).toBe('message');
    }
    // Backwards, every replay starts afresh (or takes a message kept behind the cursor).
    for (const record of [...records].reverse())
      expect((await service.getMessage(id, record.index)).record).toEqual(record);
  });

  it('gives trees whose fields cover the bytes of the message', async () => {
    for (const record of records) {
      const detail = await service.getMessage(id, record.index);
      const bytes = Buffer.from(detail.sources[0]!.base64, 'base64');
      expect(detail.tree.start ?? 0).toBe(0);
      expect(detail.tree.end).toBe(bytes.length);
      expect(coveredBytes(detail.tree, bytes.length), `${record.protocol} ${record.message} #${record.index}`).toBe(
        bytes.length,
      );
    }
  });

  it('lists rows whose columns are the records’ values', async () => {
    const rows = await service.getRows(id, 0, records.length + 10);
    expect(rows.length).toBe(records.length);
    for (const [i, row] of rows.entries()) {
      const r = records[i]!;
      const { index, frame, time, stream, src, dst, protocol, message, code, requestId, pair } = r;
      expect({ ...row, info: undefined, length: undefined, severity: undefined, noteCount: undefined }).toEqual({
        ...{ index, frame, time, stream, src, dst, protocol, message, code, requestId, pair },
        info: undefined,
        length: undefined,
        severity: undefined,
        noteCount: undefined,
      });
      expect(row.noteCount).toBe(r.notes.length);
      expect(row.severity).toBe(SEVERITIES.find((s) => r.notes.some((n) => n.severity === s)) ?? null);
      // Info shows the fields beyond the envelope every message of a protocol carries.
      const shown = Object.keys(r.fields).filter((k) => !['framing', 'version', 'protocol'].includes(k));
      expect(row.info === '').toBe(shown.length === 0);
    }
  });

  it('counts messages, bytes, pairs and notes as `inspect --summary` does', async () => {
    const summary = await cliJson<Summary>([...sample.cli, '--summary']);
    expect(frames).toBe(summary.frames);
    const statistics = await service.statistics(id);
    const byProtocol: Summary['messages']['byProtocol'] = {};
    for (const m of statistics.messages) {
      const p = (byProtocol[m.protocol] ??= { total: 0, byMessage: {} });
      p.total += m.count;
      p.byMessage[m.message] = m.count;
    }
    expect(byProtocol).toEqual(summary.messages.byProtocol);
    expect(statistics.messages.reduce((n, m) => n + m.bytes, 0)).toBe(summary.messages.bytes);
    expect(statistics.pairs).toEqual(summary.pairs);
    const latencies = records
      .filter((r) => r.pair?.status === 'matched' && r.pair.index! > r.index)
      .map((r) => r.pair!.latencyMs!)
      .sort((a, b) => a - b);
    const rank = (p: number) => (latencies.length ? latencies[Math.ceil(p * latencies.length) - 1]! : null);
    expect(statistics.latency).toMatchObject({
      count: latencies.length,
      p50: rank(0.5),
      p90: rank(0.9),
      p99: rank(0.99),
      max: latencies.at(-1) ?? null,
    });
    expect(statistics.latency.histogram.reduce((n, b) => n + b.count, 0)).toBe(latencies.length);
    const expert = await service.expertInfo(id);
    const byKind = Object.fromEntries(expert.map((g) => [g.kind, { severity: g.severity, count: g.count }]));
    expect(byKind).toEqual(summary.notes.byKind);
  });

  it('lists the conversations `inspect --streams` lists, with their messages', async () => {
    const streams = jsonLines<StreamRow>((await runCliOk(['inspect', ...sample.cli, '--streams', '--json'])).stdout);
    const { conversations, peers } = await service.conversations(id);
    expect(
      conversations.map(({ stream, a, b, framesAtoB, framesBtoA, bytesAtoB, bytesBtoA, gaps }) => ({
        stream,
        a,
        b,
        framesAtoB,
        framesBtoA,
        bytesAtoB,
        bytesBtoA,
        gaps,
      })),
    ).toEqual(streams);
    for (const c of conversations) {
      expect(c.messages).toBe(records.filter((r) => r.stream === c.stream).length);
      expect(c.unanswered).toBe(records.filter((r) => r.stream === c.stream && r.pair?.status === 'unanswered').length);
    }
    expect(peers.reduce((n, p) => Math.max(n, p.messages), 0)).toBeGreaterThan(0);
  });
});

/** Bytes of [0, length) inside the range of some field of the message's own byte source. */
function coveredBytes(tree: FieldNode, length: number): number {
  const covered = new Uint8Array(length);
  const walk = (f: FieldNode, source: string | undefined) => {
    const own = f.source ?? source;
    if (own === undefined && !f.generated && f.start !== undefined && f.end !== undefined && f !== tree) {
      covered.fill(1, f.start, Math.min(f.end, length));
    }
    for (const c of f.children ?? []) walk(c, own);
  };
  walk(tree, undefined);
  return covered.reduce((n, b) => n + b, 0);
}
