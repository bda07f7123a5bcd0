/**
 * The samples against tshark, the independent reference: the same frames, the same TCP streams with the same
 * packets and payload per direction as Peerscope's `--streams --json`; and the samples really exercise reassembly
 * (messages across segments, several messages in one segment).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamRow } from '../../src-main/cli/streams';
import { SAMPLES } from '../../samples/recording/sample-list';
import { jsonLines, runCliOk } from '../cli/run-cli';
import { tsharkCaptureReport } from '../support/tshark';
import { streamSegments, type StreamSegment } from '../cli/capture-bytes';
import { loadManifest } from './analyzed-sample';
import type { SentConnection, Side } from '../../samples/recording/manifest';

describe.each(SAMPLES)('$name sample against tshark', (sample) => {
  it('has the frames, TCP streams, packets and payload bytes per direction that tshark finds', async () => {
    const [tshark, streams] = await Promise.all([
      tsharkCaptureReport(sample.capture),
      runCliOk(['inspect', sample.capture, '--streams', '--json']),
    ]);
    const rows = jsonLines<StreamRow>(streams.stdout);
    expect(rows.map((r) => r.stream)).toEqual(tshark.tcpStreams.map((s) => `tcp:${s.id}`));
    expect(rows.reduce((n, r) => n + r.framesAtoB + r.framesBtoA, 0)).toBe(tshark.frames);
    for (const [i, row] of rows.entries()) {
      const ref = tshark.tcpStreams[i]!;
      // The documented keys, in their documented order, and tshark's values for them.
      expect(Object.keys(row)).toEqual([
        'stream',
        'a',
        'b',
        'framesAtoB',
        'framesBtoA',
        'bytesAtoB',
        'bytesBtoA',
        'gaps',
      ]);
      expect(row).toEqual({
        stream: `tcp:${ref.id}`,
        a: `${ref.a.ip}:${ref.a.port}`,
        b: `${ref.b.ip}:${ref.b.port}`,
        framesAtoB: ref.framesAtoB,
        framesBtoA: ref.framesBtoA,
        bytesAtoB: ref.payloadAtoB.length,
        bytesBtoA: ref.payloadBtoA.length,
        gaps: 0,
      });
    }
    // The reference saw the conversations the manifest lists, with the bytes the peers wrote.
    const manifest = loadManifest(sample);
    expect(rows.length).toBe(manifest.connections.length);
    for (const connection of manifest.connections) {
      const stream = tshark.tcpStreams.find((s) => s.a.port === connection.clientPort)!;
      expect(stream.payloadAtoB.length).toBe(bytesSent(connection, 'client'));
      expect(stream.payloadBtoA.length).toBe(bytesSent(connection, 'server'));
    }
  });

  it('has messages that span TCP segments and segments that carry several messages', () => {
    const manifest = loadManifest(sample);
    const segments = dataSegments(sample.capture);
    let spanning = 0;
    let shared = 0;
    for (const connection of manifest.connections) {
      for (const side of ['client', 'server'] as const) {
        const sender = side === 'client' ? connection.clientPort : connection.serverPort;
        const receiver = side === 'client' ? connection.serverPort : connection.clientPort;
        const mine = segments.filter((s) => s.from === sender && s.to === receiver);
        const messages = messageRanges(connection, side);
        const overlapping = (a: Range, b: Range) => a.start < b.end && b.start < a.end;
        spanning += messages.filter((m) => mine.filter((s) => overlapping(s, m)).length > 1).length;
        shared += mine.filter((s) => messages.filter((m) => overlapping(s, m)).length > 1).length;
      }
    }
    expect(spanning).toBeGreaterThan(0);
    expect(shared).toBeGreaterThan(0);
  });
});

interface Range {
  start: number;
  end: number;
}

function bytesSent(connection: SentConnection, side: Side): number {
  return connection.messages.filter((m) => m.direction === side).reduce((n, m) => n + m.length, 0);
}

/** Stream offsets of each message one side sent. */
function messageRanges(connection: SentConnection, side: Side): Range[] {
  let offset = 0;
  return connection.messages
    .filter((m) => m.direction === side)
    .map((m) => ({ start: offset, end: (offset += m.length) }));
}

/** The distinct TCP segments: a retransmission of bytes already seen adds no segment boundary. */
function dataSegments(capture: string): StreamSegment[] {
  const seen: StreamSegment[] = [];
  for (const s of streamSegments(readFileSync(capture))) {
    const covered = seen.some((o) => o.from === s.from && o.to === s.to && o.start <= s.start && s.end <= o.end);
    if (!covered) seen.push(s);
  }
  return seen;
}
