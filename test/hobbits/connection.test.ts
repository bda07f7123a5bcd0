import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import type { Direction } from '../../decoders/core/dissector';
import { hobbits } from '../../decoders/hobbits';
import type { MessageRecord } from '../../decoders/core/message';
import type { Note } from '../../decoders/core/notes';
import { runPlaybook, type PlaybookEvent, type PlaybookResult } from '../support/dissector-playbook';
import { ascii, binaryFrame, RPC, rpcHeader } from './fixtures/hand-framing';
import { gossipBlock, pingMessage, rpcMessage } from './fixtures/wire-messages';

const send = (dir: Direction, ...messages: Uint8Array[]): PlaybookEvent => ({ dir, data: concatBytes(messages) });
const kinds = (notes: { kind: string }[]) => notes.map((n) => n.kind);
/** The records without what depends on how the bytes were cut (frame numbers). */
/**
 * Stream notes (bytes skipped, gaps between messages) as the engine delivers them: on the next message of their
 * direction, or to the sink when no message follows.
 */
const STREAM_KINDS = new Set([
  'hobbits.stream.gap',
  'hobbits.stream.skipped',
  'hobbits.stream.incomplete',
  'hobbits.length.too-large',
]);
function streamFindings(result: PlaybookResult): Note[] {
  const onMessages = result.records.flatMap((r) => r.notes.filter((n) => STREAM_KINDS.has(n.kind)));
  return [...onMessages, ...result.streamNotes.map((s) => s.note)];
}
const summary = (events: PlaybookEvent[]) =>
  runPlaybook(hobbits, events).records.map((r) => ({
    message: r.message,
    requestId: r.requestId,
    pair: r.pair,
    fields: r.fields,
    notes: r.notes,
  }));

describe('request/response pairing through the engine', () => {
  it('pairs a response with the request of the same id sent the other way', () => {
    const { records } = runPlaybook(hobbits, [
      send(0, rpcMessage('GET_BLOCK_HEADERS', 5)),
      send(1, rpcMessage('BLOCK_HEADERS', 5)),
    ]);
    expect(records.map((r) => [r.message, r.requestId, r.pair?.status, r.pair?.index])).toEqual([
      ['GET_BLOCK_HEADERS', '5', 'matched', 1],
      ['BLOCK_HEADERS', '5', 'matched', 0],
    ]);
  });

  it('pairs responses that come back in another order than their requests', () => {
    const { records } = runPlaybook(hobbits, [
      send(0, rpcMessage('GET_STATUS', 1), rpcMessage('GET_BLOCK_BODIES', 2)),
      send(1, rpcMessage('BLOCK_BODIES', 2)),
      send(1, rpcMessage('GET_STATUS', 1)),
    ]);
    expect(records.map((r) => [r.message, r.pair?.status, r.pair?.index])).toEqual([
      ['GET_STATUS', 'matched', 3],
      ['GET_BLOCK_BODIES', 'matched', 2],
      ['BLOCK_BODIES', 'matched', 1],
      ['GET_STATUS', 'matched', 0],
    ]);
  });

  it('answers a HELLO with the HELLO of the same id', () => {
    const { records } = runPlaybook(hobbits, [send(0, rpcMessage('HELLO', 1)), send(1, rpcMessage('HELLO', 1))]);
    expect(records.map((r) => r.pair?.status)).toEqual(['matched', 'matched']);
  });

  it('pairs ids written in different number forms (int32 request, double response)', () => {
    const response = binaryFrame(RPC, rpcHeader(15, 7, 'double'), bodyOf(rpcMessage('ATTESTATION', 7)));
    const { records } = runPlaybook(hobbits, [send(0, rpcMessage('GET_ATTESTATION', 7)), send(1, response)]);
    expect(records[1]!.fields.header).toEqual({ method_id: { $numberDouble: '15' }, id: { $numberDouble: '7' } });
    expect(records.map((r) => r.pair?.status)).toEqual(['matched', 'matched']);
  });

  it('flags a second request with an id still in flight as a duplicate', () => {
    const { records } = runPlaybook(hobbits, [
      send(0, rpcMessage('GET_BLOCK_BODIES', 3), rpcMessage('GET_BLOCK_HEADERS', 3)),
    ]);
    expect(records[1]!.pair?.status).toBe('duplicate');
    expect(kinds(records[1]!.notes)).toContain('pair.duplicate');
  });

  it('leaves a response whose id matches no request to the engine as an orphan', () => {
    const { records } = runPlaybook(hobbits, [send(1, rpcMessage('BLOCK_HEADERS', 99))]);
    expect(records[0]!.pair?.status).toBe('orphan');
    expect(kinds(records[0]!.notes)).toEqual(['pair.orphan']);
  });

  it('reports a request never answered, and GOODBYE and GOSSIP as neither request nor response', () => {
    const { records } = runPlaybook(hobbits, [
      send(0, rpcMessage('GET_BEACON_STATES', 1), rpcMessage('GOODBYE', 2), gossipBlock(1n)),
    ]);
    expect(records.map((r) => [r.message, r.pair?.status ?? null])).toEqual([
      ['GET_BEACON_STATES', 'unanswered'],
      ['GOODBYE', null],
      ['GOSSIP', null],
    ]);
  });
});

describe('PING and PONG', () => {
  it('pairs PONGs with PINGs first-in first-out and accepts faithful echoes', () => {
    const { records } = runPlaybook(hobbits, [
      send(0, pingMessage('ping', 1), pingMessage('ping', 2)),
      send(1, pingMessage('pong', 1), pingMessage('pong', 2)),
    ]);
    expect(records.map((r) => [r.message, r.pair?.status, r.pair?.index])).toEqual([
      ['PING', 'matched', 2],
      ['PING', 'matched', 3],
      ['PONG', 'matched', 0],
      ['PONG', 'matched', 1],
    ]);
    expect(records.flatMap((r) => r.notes)).toEqual([]);
  });

  it('flags a PONG whose body is not the body of the PING it answers', () => {
    const { records } = runPlaybook(hobbits, [
      send(0, pingMessage('ping', 1), pingMessage('ping', 2)),
      send(1, pingMessage('pong', 2), pingMessage('pong', 1)),
    ]);
    expect(records.slice(2).map((r) => kinds(r.notes))).toEqual([['hobbits.pong.mismatch'], ['hobbits.pong.mismatch']]);
    expect(records[2]!.notes[0]).toMatchObject({
      field: 'body',
      text: expect.stringContaining(toHex(new Uint8Array(32).fill(1))),
    });
  });

  it('keeps each direction`s PINGs apart: a PONG answers a PING sent the other way', () => {
    const { records } = runPlaybook(hobbits, [
      send(0, pingMessage('ping', 1)),
      send(1, pingMessage('ping', 2)),
      send(0, pingMessage('pong', 2)),
      send(1, pingMessage('pong', 1)),
    ]);
    expect(records.flatMap((r) => r.notes)).toEqual([]);
    expect(records.map((r) => r.pair?.index)).toEqual([3, 2, 1, 0]);
  });
});

describe('GOSSIP rules', () => {
  it('flags a topic other than BLOCK or ATTESTATION and keeps the body raw', () => {
    const { records } = runPlaybook(hobbits, [send(0, gossipBlock(4n, { topic: 'BLOCKS' }))]);
    expect(kinds(records[0]!.notes)).toEqual(['hobbits.gossip.topic']);
    expect(typeof records[0]!.fields.body).toBe('string');
  });

  it('flags a hash that is not the hash_tree_root of the body', () => {
    const { records } = runPlaybook(hobbits, [send(0, gossipBlock(4n, { hash: new Uint8Array(32).fill(7) }))]);
    expect(records[0]!.notes).toEqual([
      expect.objectContaining({ kind: 'hobbits.gossip.hash', field: 'header.hash', severity: 'warning' }),
    ]);
  });
});

describe('framing on a TCP stream', () => {
  const stream = concatBytes([
    rpcMessage('HELLO', 1),
    pingMessage('ping', 3),
    gossipBlock(9n),
    rpcMessage('GET_STATUS', 2, undefined, 'text-lodestar'),
  ]);
  const whole = summary([{ dir: 0, data: stream }]);

  it('decodes several messages from one segment', () => {
    expect(whole.map((r) => r.message)).toEqual(['HELLO', 'PING', 'GOSSIP', 'GET_STATUS']);
    expect(whole.flatMap((r) => r.notes.filter((n) => !n.kind.startsWith('pair.')))).toEqual([]);
  });

  it('gives the same records when the stream is split at any single byte', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      expect(
        summary([
          { dir: 0, data: stream.subarray(0, cut) },
          { dir: 0, data: stream.subarray(cut) },
        ]),
      ).toEqual(whole);
    }
  });

  it('gives the same records for any segmentation, down to one byte per segment', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const events = points
          .slice(1)
          .map((end, i): PlaybookEvent => ({ dir: 0, data: stream.subarray(points[i], end) }));
        expect(summary(events)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
    const bytewise = Array.from(stream, (b): PlaybookEvent => ({ dir: 0, data: Uint8Array.of(b) }));
    expect(summary(bytewise)).toEqual(whole);
  });

  it('emits a message when the segment completing it arrives, at that segment`s frame', () => {
    const hello = rpcMessage('HELLO', 1);
    const { records } = runPlaybook(hobbits, [
      { dir: 0, data: hello.subarray(0, 20) },
      { dir: 0, data: hello.subarray(20) },
    ]);
    expect(records.map((r) => r.frame)).toEqual([2]);
  });
});

describe('capture gaps and garbage', () => {
  const first = rpcMessage('GET_BLOCK_HEADERS', 1);
  const second = rpcMessage('HELLO', 2);
  const third = pingMessage('ping', 5);

  it('emits a message with a hole in it, zero-filled, with a tcp.gap note naming the missing bytes, and stays in step', () => {
    const result = runPlaybook(hobbits, [
      { dir: 0, data: second.subarray(0, 40) },
      { dir: 0, gap: 10 },
      { dir: 0, data: concatBytes([second.subarray(50), third]) },
    ]);
    const { records } = result;
    expect(records.map((r) => r.message)).toEqual(['HELLO', 'PING']);
    expect(records[0]!.notes).toContainEqual(
      expect.objectContaining({ kind: 'tcp.gap', severity: 'error', text: expect.stringContaining('40..50') }),
    );
    expect(records[1]!.notes).toEqual([expect.objectContaining({ kind: 'pair.unanswered' })]);
    expect(streamFindings(result)).toEqual([]);
  });

  it('does not judge the echo of a PONG whose body fell in a gap', () => {
    const pong = pingMessage('pong', 8);
    const { records } = runPlaybook(hobbits, [
      send(0, pingMessage('ping', 1)),
      { dir: 1, data: pong.subarray(0, 30) },
      { dir: 1, gap: pong.length - 30 },
    ]);
    expect(kinds(records[1]!.notes)).toEqual(['tcp.gap']);
  });

  it('resumes at the next message after a gap that falls exactly between messages', () => {
    const result = runPlaybook(hobbits, [send(0, first), { dir: 0, gap: second.length }, send(0, third)]);
    expect(result.records.map((r) => r.message)).toEqual(['GET_BLOCK_HEADERS', 'PING']);
    expect(kinds(streamFindings(result))).toEqual(['hobbits.stream.gap']);
  });

  it('resynchronises on the next EWP prefix after a gap inside a prefix, reporting the bytes it skips', () => {
    const result = runPlaybook(hobbits, [
      send(0, first, second.subarray(0, 5)),
      { dir: 0, gap: 6 },
      send(0, second.subarray(11), third),
    ]);
    expect(result.records.map((r) => r.message)).toEqual(['GET_BLOCK_HEADERS', 'PING']);
    expect(streamFindings(result).map((n) => [n.kind, n.text])).toEqual([
      ['hobbits.stream.gap', expect.stringContaining('6 bytes not captured after 5 bytes of an unfinished prefix')],
      ['hobbits.stream.skipped', expect.stringContaining(`${second.length - 11} bytes skipped`)],
    ]);
  });

  it('a gap that swallows the end of one message and the start of the next: emits the first, skips to the third', () => {
    const result = runPlaybook(hobbits, [
      { dir: 0, data: first.subarray(0, first.length - 10) },
      { dir: 0, gap: 10 + 20 },
      send(0, second.subarray(20), third),
    ]);
    const messageNotes = (r: MessageRecord) =>
      kinds(r.notes).filter((k) => k !== 'pair.unanswered' && !STREAM_KINDS.has(k));
    expect(result.records.map((r) => [r.message, messageNotes(r)])).toEqual([
      ['GET_BLOCK_HEADERS', ['tcp.gap']],
      ['PING', []],
    ]);
    expect(kinds(streamFindings(result))).toEqual(['hobbits.stream.gap', 'hobbits.stream.skipped']);
  });

  it('skips garbage before a message with one note saying how many bytes', () => {
    const garbage = ascii('GET / HTTP/1.1\r\nHost: EWP\r\n\r\n');
    const result = runPlaybook(hobbits, [send(0, garbage.subarray(0, 10)), send(0, garbage.subarray(10), third)]);
    expect(result.records.map((r) => r.message)).toEqual(['PING']);
    expect(streamFindings(result).map((n) => [n.kind, n.text])).toEqual([
      ['hobbits.stream.skipped', `${garbage.length} bytes skipped: no EWP message starts in them`],
    ]);
  });

  it('refuses a prefix announcing more than 64 MiB without buffering it, and finds the message after it', () => {
    const absurd = binaryFrame(RPC, new Uint8Array(0), new Uint8Array(0));
    new DataView(absurd.buffer).setUint32(12, 0x7fff_ffff);
    const result = runPlaybook(hobbits, [send(0, absurd, ascii('junk'), third)]);
    expect(result.records.map((r) => r.message)).toEqual(['PING']);
    expect(streamFindings(result).map((n) => [n.severity, n.kind])).toEqual([
      ['error', 'hobbits.length.too-large'],
      ['warning', 'hobbits.stream.skipped'],
    ]);
  });

  it('does not take an EWP inside garbage for a message while searching, unless it is a plausible prefix', () => {
    const fake = binaryFrame(RPC, new Uint8Array(4), new Uint8Array(4), 9);
    const { records } = runPlaybook(hobbits, [send(0, ascii('xx'), fake, third)]);
    expect(records.map((r) => r.message)).toEqual(['PING']);
  });

  it('emits a message cut short by the end of the stream, noted as truncated', () => {
    const { records } = runPlaybook(hobbits, [
      { dir: 0, data: second.subarray(0, 50) },
      { dir: 0, end: true },
    ]);
    expect(records.map((r) => r.message)).toEqual(['HELLO']);
    expect(kinds(records[0]!.notes)).toContain('hobbits.truncated');
  });

  it('reports a stream that ends inside a prefix', () => {
    const result = runPlaybook(hobbits, [
      { dir: 0, data: second.subarray(0, 9) },
      { dir: 0, end: true },
    ]);
    expect(result.records).toEqual([]);
    expect(kinds(streamFindings(result))).toEqual(['hobbits.stream.incomplete']);
  });
});

function bodyOf(message: Uint8Array): Uint8Array {
  const view = new DataView(message.buffer, message.byteOffset);
  return message.subarray(16 + view.getUint32(8));
}
