/**
 * Peerscope against the ground truth: every sample's manifest says what each peer wrote to its socket; the engine
 * must find exactly those messages, in that order, with those values, and pair them as the peers did.
 */
import { statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SentManifest } from '../../samples/recording/manifest';
import { SAMPLES } from '../../samples/recording/sample-list';
import { analyzeSample, loadManifest, type AnalyzedSample } from './analyzed-sample';
import {
  decodedByPosition,
  decodedFrom,
  decodedValue,
  expectedPairs,
  readableValues,
  sentFrom,
} from './manifest-match';

/** Warnings the samples carry on purpose, besides the unanswered request's (a method the server does not know). */
const PLANTED_WARNINGS: Record<string, readonly string[]> = {
  hobbits: [],
  eth2rpc: ['eth2rpc.method.unknown'],
};

describe.each(SAMPLES)('$name sample', (sample) => {
  let manifest: SentManifest;
  let analyzed: AnalyzedSample;
  beforeAll(async () => {
    manifest = loadManifest(sample);
    analyzed = await analyzeSample(sample.capture);
  });

  it('is a small capture of several conversations that overlap in time', () => {
    expect(statSync(sample.capture).size).toBeLessThan(1_000_000);
    expect(manifest.connections.length).toBeGreaterThanOrEqual(3);
    const spans = manifest.connections.map((c) => {
      const both = [...decodedFrom(analyzed.messages, c, 'client'), ...decodedFrom(analyzed.messages, c, 'server')];
      const times = both.map((m) => m.record.time);
      return [Math.min(...times), Math.max(...times)] as const;
    });
    for (const [i, [start, end]] of spans.entries()) {
      const overlaps = spans.some(([s, e], j) => j !== i && s < end && start < e);
      expect(overlaps, `connection ${manifest.connections[i]!.clientPort} overlaps another`).toBe(true);
    }
  });

  it('decodes every message each peer sent, per connection and direction in the order sent', () => {
    let sentTotal = 0;
    for (const connection of manifest.connections) {
      for (const side of ['client', 'server'] as const) {
        const sent = sentFrom(connection, side);
        const decoded = decodedFrom(analyzed.messages, connection, side);
        // The malformed message is known by its place and length: what it was meant to be is not on the wire.
        const label = (message: string, id: string | null, length: number, position: number | undefined) =>
          isMalformed(manifest, connection.clientPort, position)
            ? `(malformed) ${length}`
            : `${message} ${id} ${length}`;
        const expected = sent.map(({ position, sent: s }) => label(s.message, s.requestId, s.length, position));
        const actual = decoded.map((m, rank) =>
          label(m.record.message, m.record.requestId, m.bytes.length, sent[rank]?.position),
        );
        expect(actual, `${side} of ${connection.clientPort}: message, request id, bytes`).toEqual(expected);
        sentTotal += sent.length;
      }
    }
    expect(analyzed.messages.length).toBe(sentTotal);
  });

  it('decodes the values each peer sent', () => {
    for (const connection of manifest.connections) {
      const byPosition = decodedByPosition(analyzed.messages, connection);
      connection.messages.forEach((sent, position) => {
        const malformed = isMalformed(manifest, connection.clientPort, position);
        const expected = readableValues(sent, malformed ? manifest.malformed.unreadable : []);
        const fields = byPosition.get(position)!.record.fields;
        const actual = Object.fromEntries(Object.keys(expected).map((path) => [path, decodedValue(fields, path)]));
        expect(actual, `${connection.clientPort} #${position} ${sent.message}`).toEqual(expected);
      });
    }
  });

  it('pairs every request with its response, both ways, with a positive latency', () => {
    for (const connection of manifest.connections) {
      const byPosition = decodedByPosition(analyzed.messages, connection);
      const pairs = expectedPairs(connection);
      expect(pairs.length).toBeGreaterThan(0);
      for (const { request, response } of pairs) {
        const [asked, answered] = [byPosition.get(request)!.record, byPosition.get(response)!.record];
        const what = `${connection.clientPort}: ${asked.message} ${asked.requestId ?? ''}`;
        expect(asked.pair, what).toMatchObject({ status: 'matched', index: answered.index });
        expect(answered.pair, what).toMatchObject({ status: 'matched', index: asked.index });
        expect(asked.pair!.latencyMs, what).toBeGreaterThan(0);
        expect(answered.pair!.latencyMs, what).toBe(asked.pair!.latencyMs);
      }
      const paired = new Set(pairs.flatMap((p) => [p.request, p.response]));
      connection.messages.forEach((sent, position) => {
        if (paired.has(position) || isUnanswered(manifest, connection.clientPort, position)) return;
        expect(byPosition.get(position)!.record.pair, `${sent.message} pairs with nothing`).toBeNull();
      });
    }
  });

  it('reports the one request no peer answered as unanswered', () => {
    const ref = manifest.unanswered;
    const connection = manifest.connections.find((c) => c.clientPort === ref.clientPort)!;
    const record = decodedByPosition(analyzed.messages, connection).get(ref.position)!.record;
    expect({ message: record.message, requestId: record.requestId }).toEqual({
      message: ref.message,
      requestId: ref.requestId,
    });
    expect(record.pair).toEqual({ status: 'unanswered', index: null, latencyMs: null });
    expect(record.notes.map((n) => n.kind)).toContain('pair.unanswered');
    const unanswered = analyzed.messages.filter((m) => m.record.pair?.status === 'unanswered');
    expect(unanswered.map((m) => m.record.index)).toEqual([record.index]);
    expect(analyzed.report.unanswered.map((u) => u.index)).toEqual([record.index]);
  });

  it('puts an error note on the malformed message and decodes the messages after it', () => {
    const ref = manifest.malformed;
    const connection = manifest.connections.find((c) => c.clientPort === ref.clientPort)!;
    const byPosition = decodedByPosition(analyzed.messages, connection);
    const malformed = byPosition.get(ref.position)!.record;
    expect(malformed.notes.filter((n) => n.severity === 'error').length).toBeGreaterThan(0);
    const later = connection.messages
      .map((sent, position) => ({ sent, position }))
      .filter(({ sent, position }) => position > ref.position && sent.direction === ref.direction);
    expect(later.length).toBeGreaterThan(0);
    for (const { sent, position } of later) {
      const record = byPosition.get(position)!.record;
      expect({ message: record.message, errors: record.notes.filter((n) => n.severity === 'error') }).toEqual({
        message: sent.message,
        errors: [],
      });
    }
  });

  it('finds nothing else to complain about: errors only on the malformed message, no unplanted warnings', () => {
    const malformedIndex = malformedRecordIndex(manifest, analyzed);
    for (const { record } of analyzed.messages) {
      const errors = record.notes.filter((n) => n.severity === 'error');
      if (record.index !== malformedIndex) expect(errors, `#${record.index} ${record.message}`).toEqual([]);
      const warnings = record.notes
        .filter((n) => n.severity === 'warning' && n.kind !== 'pair.unanswered')
        .map((n) => n.kind);
      for (const kind of warnings) expect(PLANTED_WARNINGS[sample.name]).toContain(kind);
    }
    expect(analyzed.report.damage).toEqual([]);
    expect(analyzed.report.undecodedConnections).toBe(0);
    expect(analyzed.report.tcp.every((c) => c.gaps === 0)).toBe(true);
  });
});

describe('eth2rpc sample, pipelined requests', () => {
  it('are answered out of order, and each response is paired with its own request', async () => {
    const sample = SAMPLES.find((s) => s.name === 'eth2rpc')!;
    const manifest = loadManifest(sample);
    const { messages } = await analyzeSample(sample.capture);
    const reordered = manifest.connections.flatMap((connection) => {
      const pairs = expectedPairs(connection);
      // Two requests sent in one order whose answers came in the other.
      const crossed = pairs.filter((a) => pairs.some((b) => a.request < b.request && a.response > b.response));
      const byPosition = decodedByPosition(messages, connection);
      return crossed.map(({ request, response }) => ({
        request: byPosition.get(request)!.record,
        response: byPosition.get(response)!.record,
      }));
    });
    expect(reordered.length).toBeGreaterThanOrEqual(2);
    for (const { request, response } of reordered) {
      expect(request.pair?.index).toBe(response.index);
      expect(response.message).toBe(`${request.message}_response`);
      expect(response.requestId).toBe(request.requestId);
    }
  });
});

function isMalformed(manifest: SentManifest, clientPort: number, position: number | undefined): boolean {
  return manifest.malformed.clientPort === clientPort && manifest.malformed.position === position;
}

function isUnanswered(manifest: SentManifest, clientPort: number, position: number): boolean {
  return manifest.unanswered.clientPort === clientPort && manifest.unanswered.position === position;
}

function malformedRecordIndex(manifest: SentManifest, analyzed: AnalyzedSample): number {
  const connection = manifest.connections.find((c) => c.clientPort === manifest.malformed.clientPort)!;
  return decodedByPosition(analyzed.messages, connection).get(manifest.malformed.position)!.record.index;
}
