import { KeyStore } from '../../decoders/core/keys';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../decoders/core/bytes';
import type { ConnectionHost, Direction } from '../../decoders/core/dissector';
import type { DecodedMessage } from '../../decoders/core/message';
import { eth2rpc, Eth2RpcConnection } from '../../decoders/eth2rpc';
import { runPlaybook } from '../support/dissector-playbook';
import {
  errorResponse,
  fixedRequest,
  header,
  helloBody,
  request,
  response,
  root,
  turns,
  zeroBody,
} from './support/conversation';
import { frameSsz } from './support/wire-layouts';

const kinds = (notes: { kind: string }[]) => notes.map((n) => n.kind);

/** Stream notes, whether the engine delivers them alone or on the next message of their direction. */
function streamNotesOf(result: ReturnType<typeof runPlaybook>) {
  const onMessages = result.records.flatMap((r) => r.notes).filter((n) => n.kind.startsWith('eth2rpc.stream.'));
  return [...result.streamNotes.map((n) => n.note), ...onMessages];
}

describe('eth2rpc connection playbooks', () => {
  it('pairs the initiator hello with the responder hello and raises no note', () => {
    const { records, streamNotes } = runPlaybook(
      eth2rpc,
      turns([
        [0, request('hello', 1, helloBody())],
        [1, response('hello', 1, helloBody())],
      ]),
    );
    expect(records.map((r) => [r.message, r.requestId, r.pair?.status, r.pair?.index])).toEqual([
      ['hello', '1', 'matched', 1],
      ['hello_response', '1', 'matched', 0],
    ]);
    expect(records.flatMap((r) => r.notes)).toEqual([]);
    expect(streamNotes).toEqual([]);
  });

  it('pairs pipelined requests with responses that arrive out of order', () => {
    const { records } = runPlaybook(
      eth2rpc,
      turns([
        [0, request('hello', 1, helloBody())],
        [1, response('hello', 1, helloBody())],
        [
          0,
          concatBytes([
            request('beacon_block_roots', 2, { start_slot: 0n, count: 4n }),
            request('beacon_block_headers', 3, {
              start_root: root(9),
              start_slot: 0n,
              max_headers: 2n,
              skip_slots: 0n,
            }),
            request('beacon_block_bodies', 4, { block_roots: [root(7)] }),
          ]),
        ],
        [1, response('beacon_block_bodies', 4, { block_bodies: [zeroBody()] })],
        [1, response('beacon_block_headers', 3, { headers: [header(1n), header(2n)] })],
        [1, response('beacon_block_roots', 2, { roots: [{ block_root: root(7), slot: 1n }] })],
      ]),
    );
    const byIndex = records.map((r) => [r.message, r.requestId, r.pair?.status, r.pair?.index]);
    expect(byIndex.slice(2)).toEqual([
      ['beacon_block_roots', '2', 'matched', 7],
      ['beacon_block_headers', '3', 'matched', 6],
      ['beacon_block_bodies', '4', 'matched', 5],
      ['beacon_block_bodies_response', '4', 'matched', 4],
      ['beacon_block_headers_response', '3', 'matched', 3],
      ['beacon_block_roots_response', '2', 'matched', 2],
    ]);
    expect(records.flatMap((r) => r.notes)).toEqual([]);
  });

  it.each(['beacon_block_roots', 'beacon_block_headers', 'beacon_block_bodies'])(
    'types an empty-list result as the response of the pending %s request',
    (method) => {
      const bodies = {
        beacon_block_roots: { start_slot: 5n, count: 1n },
        beacon_block_headers: { start_root: root(1), start_slot: 5n, max_headers: 1n, skip_slots: 0n },
        beacon_block_bodies: { block_roots: [] },
      }[method];
      const empty = frameSsz(8n, 0, new Uint8Array([4, 0, 0, 0]));
      const { records } = runPlaybook(
        eth2rpc,
        turns([
          [0, request('hello', 1, helloBody())],
          [1, response('hello', 1, helloBody())],
          [0, request(method, 8, bodies)],
          [1, empty],
        ]),
      );
      expect(records[3]).toMatchObject({ message: `${method}_response`, pair: { status: 'matched', index: 2 } });
      expect(kinds(records[3]!.notes)).not.toContain('eth2rpc.response.inferred');
    },
  );

  it('completes a variable-size request when the peer answers its id, so the response finds it pending', () => {
    const { records } = runPlaybook(eth2rpc, [
      { dir: 0, data: request('hello', 1, helloBody()) },
      { dir: 1, data: response('hello', 1, helloBody()) },
      { dir: 0, data: request('beacon_block_bodies', 2, { block_roots: [root(1), root(2)] }) },
      { dir: 1, data: response('beacon_block_bodies', 2, { block_bodies: [zeroBody(), zeroBody()] }) },
      { dir: 1, end: true },
    ]);
    expect(records.map((r) => [r.message, r.frame, r.pair?.status])).toEqual([
      ['hello', 1, 'matched'],
      ['hello_response', 2, 'matched'],
      ['beacon_block_bodies', 3, 'matched'],
      ['beacon_block_bodies_response', 4, 'matched'],
    ]);
  });

  it('flags a request id that is already in flight', () => {
    const roots = { start_slot: 0n, count: 1n };
    const { records } = runPlaybook(
      eth2rpc,
      turns([
        [0, request('hello', 1, helloBody())],
        [1, response('hello', 1, helloBody())],
        [0, request('beacon_block_roots', 5, roots)],
        [0, request('beacon_block_roots', 5, roots)],
      ]),
    );
    expect(kinds(records[3]!.notes)).toEqual(['pair.duplicate']);
  });

  it('reports a request that is never answered', () => {
    const { records } = runPlaybook(eth2rpc, turns([[0, request('hello', 1, helloBody())]]));
    expect(records).toHaveLength(1);
    expect(records[0]!.pair?.status).toBe('unanswered');
    expect(kinds(records[0]!.notes)).toEqual(['pair.unanswered']);
  });

  it('types an orphan response by consistency and flags it as an orphan', () => {
    const { records } = runPlaybook(
      eth2rpc,
      turns([[1, response('beacon_block_roots', 42, { roots: [{ block_root: root(3), slot: 9n }] })]]),
    );
    expect(records[0]).toMatchObject({
      message: 'beacon_block_roots_response',
      requestId: '42',
      pair: { status: 'orphan' },
    });
    expect(kinds(records[0]!.notes)).toEqual(['eth2rpc.response.inferred', 'eth2rpc.hello.reply', 'pair.orphan']);
  });

  it('reads an orphan error response as an untyped response', () => {
    const { records } = runPlaybook(
      eth2rpc,
      turns([
        [0, request('hello', 1, helloBody())],
        [1, response('hello', 1, helloBody())],
        [1, errorResponse(77, 40, 'server error')],
      ]),
    );
    expect(records[2]).toMatchObject({
      message: 'response',
      code: null,
      fields: { response_code: 40, result: 'server error' },
    });
    expect(kinds(records[2]!.notes)).toEqual(['pair.orphan']);
  });

  it('pairs a request of an unknown method with the error response that answers it', () => {
    const { records } = runPlaybook(
      eth2rpc,
      turns([
        [0, request('hello', 1, helloBody())],
        [1, response('hello', 1, helloBody())],
        [0, frameSsz(2n, 7, new Uint8Array([1, 2, 3]))],
        [1, errorResponse(2, 30, 'method not found')],
      ]),
    );
    expect(records.slice(2).map((r) => [r.message, r.code, r.pair?.status])).toEqual([
      ['unknown_method', 7, 'matched'],
      ['response', null, 'matched'],
    ]);
    expect(kinds(records[2]!.notes)).toEqual(['eth2rpc.method.unknown']);
  });

  it('decodes a message with a capture gap inside it, flagging the missing bytes', () => {
    const hello = request('hello', 1, helloBody());
    const roots = request('beacon_block_roots', 2, { start_slot: 1n, count: 2n });
    const { records } = runPlaybook(eth2rpc, [
      { dir: 0, data: hello.subarray(0, 40) },
      { dir: 0, gap: 30 },
      { dir: 0, data: hello.subarray(70) },
      { dir: 0, data: roots },
      { dir: 0, end: true },
    ]);
    expect(records.map((r) => r.message)).toEqual(['hello', 'beacon_block_roots']);
    expect(records[0]!.notes.find((n) => n.kind === 'eth2rpc.stream.gap')?.text).toBe(
      'bytes 40..70 of this message were not captured (zero-filled)',
    );
    expect(records[0]!.fields.body).toMatchObject({ network_id: 1, best_slot: 100 });
    expect(records[1]!.notes.filter((n) => n.severity === 'error')).toEqual([]);
  });

  it('skips what follows a gap up to the next header, with a stream note', () => {
    const hello = request('hello', 1, helloBody());
    const roots = request('beacon_block_roots', 2, { start_slot: 1n, count: 2n });
    const result = runPlaybook(eth2rpc, [
      { dir: 0, data: hello },
      { dir: 0, gap: 10 },
      { dir: 0, data: concatBytes([roots.subarray(10), roots]) },
      { dir: 0, end: true },
    ]);
    expect(result.records.map((r) => r.message)).toEqual(['hello', 'beacon_block_roots']);
    expect(streamNotesOf(result).map((n) => [n.kind, n.text])).toEqual([
      [
        'eth2rpc.stream.skipped',
        `${roots.length - 10} bytes at stream offset 120 are not an eth2rpc message (no ETH header): skipped`,
      ],
    ]);
  });

  it('reads a direction in the April-2019 layout, whose stated lengths delimit each message', () => {
    const body = { block_roots: [root(1), root(2), root(3)] };
    const { records } = runPlaybook(eth2rpc, [
      {
        dir: 0,
        data: concatBytes([fixedRequest('hello', 1, helloBody()), fixedRequest('beacon_block_bodies', 2, body)]),
      },
      { dir: 0, data: fixedRequest('beacon_block_bodies', 3, body) },
    ]);
    expect(records.map((r) => [r.message, r.fields.framing, r.fields.body_union])).toEqual([
      ['hello', 'fixed', 'none'],
      ['beacon_block_bodies', 'fixed', 'none'],
      ['beacon_block_bodies', 'fixed', 'none'],
    ]);
  });

  it('emits a cut-short message at the end of its direction with an error', () => {
    const hello = request('hello', 1, helloBody());
    const { records } = runPlaybook(eth2rpc, [
      { dir: 0, data: hello.subarray(0, 60) },
      { dir: 0, end: true },
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]!.notes.some((n) => n.severity === 'error')).toBe(true);
    expect(records[0]!.fields.id).toBe(1);
  });

  it('reports a header cut short by the end of its direction as a stream note', () => {
    const result = runPlaybook(eth2rpc, [
      { dir: 0, data: request('hello', 1, helloBody()).subarray(0, 9) },
      { dir: 0, end: true },
    ]);
    expect(result.records).toEqual([]);
    expect(streamNotesOf(result).map((n) => n.kind)).toEqual(['eth2rpc.stream.truncated']);
  });
});

describe('eth2rpc connection hints and bounds', () => {
  function collect(): { host: ConnectionHost; emitted: [Direction, DecodedMessage][] } {
    const emitted: [Direction, DecodedMessage][] = [];
    const host: ConnectionHost = {
      emit: (dir, message) => emitted.push([dir, message]),
      pendingRequest: () => undefined,
      keys: new KeyStore(),
      cancelRequests: () => {},
      streamNote: () => {},
    };
    return { host, emitted };
  }
  const at = { frame: 1, time: 0 };

  it('ends a variable-size message at a pause instead of waiting for the next header', () => {
    const { host, emitted } = collect();
    const connection = new Eth2RpcConnection(host);
    connection.data(
      0,
      request('get_status', 1, { sha: root(1), user_agent: new TextEncoder().encode('peerscope'), timestamp: 5n }),
      at,
    );
    expect(emitted).toHaveLength(0);
    connection.pause(0, at);
    expect(
      emitted.map(([, m]) => [m.message, m.tree.children!.find((f) => f.name === 'body')!.children!.length]),
    ).toEqual([['get_status', 4]]);
  });

  it('ignores a pause inside a fixed-size message', () => {
    const { host, emitted } = collect();
    const connection = new Eth2RpcConnection(host);
    const hello = request('hello', 1, helloBody());
    connection.data(0, hello.subarray(0, 50), at);
    connection.pause(0, at);
    connection.data(0, hello.subarray(50), at);
    expect(emitted.map(([, m]) => m.message)).toEqual(['hello']);
  });

  it('cuts a message that finds no end within the buffering limit, keeping the buffer bounded', () => {
    const { host, emitted } = collect();
    const connection = new Eth2RpcConnection(host, { maxMessage: 4096 });
    connection.data(0, frameSsz(1n, 12, new Uint8Array([4, 0, 0, 0])), at);
    for (let i = 0; i < 100; i++) connection.data(0, new Uint8Array(1000).fill(0x11), at);
    expect(connection.buffered(0)).toBeLessThanOrEqual(4096 + 1000);
    expect(emitted[0]![1].tree.notes?.map((n) => n.kind)).toContain('eth2rpc.stream.unbounded');
  });
});
