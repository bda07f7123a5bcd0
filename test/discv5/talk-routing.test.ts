/**
 * TALKREQ/TALKRESP routing to the protocols carried in them (decoders/discv5/talk.ts): by protocol bytes for
 * requests, by the request answered for responses; one session per protocol per flow; the carried message is the
 * message, with the discv5 packet and TALKREQ fields as an encoding subtree in their own byte sources.
 */
import { describe, expect, it } from 'vitest';
import { bytesEqual, toHex } from '../../decoders/core/bytes';
import { restBytes, structOf } from '../../decoders/core/codec';
import { declareProtocol } from '../../decoders/core/declaration';
import type { Direction } from '../../decoders/core/dissector';
import { collectNotes, fieldByPath, fieldsJson, plainField, type Field } from '../../decoders/core/field';
import { KeyStore } from '../../decoders/core/keys';
import type { DecodedMessage } from '../../decoders/core/message';
import {
  createDiscv5Protocol,
  DISCV5_NOTES,
  HEADER_SOURCE,
  MESSAGE_SOURCE,
  PACKET_SOURCE,
  type TalkHost,
  type TalkPayload,
  type TalkProtocol,
} from '../../decoders/discv5';
import { nodeAes } from '../../src-main/engine/node-aes';
import { coverageProblems } from '../support/field-coverage';
import { runDatagrams, type DatagramEvent } from './support/datagram-playbook';
import { simulatedNode, SimulatedPair } from './support/simulated-pair';

const enc = (s: string) => new TextEncoder().encode(s);
const id = (n: number) => Uint8Array.of(0, 0, 0, n);

/** What a test protocol saw through its host, per session. */
interface Seen {
  talks: { direction: Direction; talk: TalkPayload }[];
  hosts: TalkHost[];
  pending: ({ index: number; message: string } | undefined)[];
  enrKeys: (string[] | undefined)[];
  /** Frames at which the session was told the flow ended. */
  ends: number[];
}

/**
 * A carried protocol answering to `name`: each payload becomes one message (REQ or RESP) with its bytes; with
 * `parts`, every RESP says the answer comes in that many TALKRESPs.
 */
function testProtocol(name: string, options: { throwOn?: string; parts?: number } = {}): TalkProtocol & { seen: Seen } {
  const declaration = declareProtocol({
    name,
    title: `test protocol ${name}`,
    spec: 'test',
    messages: [
      {
        name: 'REQ',
        code: 0,
        summary: 'request',
        body: structOf('REQ', [{ name: 'payload', codec: restBytes }]),
        answeredBy: ['RESP'],
      },
      { name: 'RESP', code: 1, summary: 'response', body: structOf('RESP', [{ name: 'payload', codec: restBytes }]) },
    ],
  });
  const seen: Seen = { talks: [], hosts: [], pending: [], enrKeys: [], ends: [] };
  const message = (kind: 'REQ' | 'RESP', payload: Uint8Array, requestId: string | null): DecodedMessage => ({
    protocol: name,
    message: kind,
    code: kind === 'REQ' ? 0 : 1,
    requestId,
    bytes: payload,
    tree: {
      name,
      shape: 'struct',
      start: 0,
      end: payload.length,
      children: [{ name: 'payload', shape: 'leaf', value: toHex(payload), start: 0, end: payload.length }],
    },
  });
  return {
    transport: 'carried',
    declaration,
    seen,
    handles: (protocolId) => bytesEqual(protocolId, enc(name)),
    open(host) {
      seen.hosts.push(host);
      return {
        talk(direction, talk, at) {
          seen.talks.push({ direction, talk });
          if (options.throwOn && new TextDecoder().decode(talk.payload) === options.throwOn) throw new Error('boom');
          if (talk.kind === 'response') seen.pending.push(host.pendingRequest(direction, talk.requestId));
          seen.enrKeys.push(host.enr(direction === 0 ? 0 : 1) && [...host.enr(direction)!.keys()]);
          const decoded = message(talk.kind === 'request' ? 'REQ' : 'RESP', talk.payload, talk.requestId);
          if (talk.kind === 'response' && options.parts) decoded.responseParts = options.parts;
          host.emit(direction, decoded, at);
        },
        end: (at) => seen.ends.push(at.frame),
      };
    },
    decodeMessage: (bytes) => message('REQ', bytes, null),
    encodeMessage: () => new Uint8Array(0),
  };
}

function keysOf(...privateKeys: Uint8Array[]): KeyStore {
  const keys = new KeyStore();
  for (const k of privateKeys) keys.addPrivateKey(k);
  return keys;
}

function talkExchange(
  pair: SimulatedPair,
  protocol: string,
  request: string,
  response: string,
  n: number,
): DatagramEvent[] {
  return [
    { dir: 0, data: pair.message('a', 5, [id(n), enc(protocol), enc(request)]) },
    { dir: 1, data: pair.message('b', 6, [id(n), enc(response)]) },
  ];
}

describe('TALKREQ routing', () => {
  const pair = new SimulatedPair(simulatedNode(31), simulatedNode(32));
  const first = pair.firstContact(1, [id(1), Uint8Array.of(1)]);
  const pong = {
    dir: 1 as const,
    data: pair.message('b', 2, [id(1), Uint8Array.of(1), Uint8Array.of(127, 0, 0, 1), Uint8Array.of(1)]),
  };

  it('emits the carried messages instead of TALKREQ/TALKRESP, paired by the carried protocol', () => {
    const echo = testProtocol('echo');
    const events = [...first, pong, ...talkExchange(pair, 'echo', 'ping?', 'pong!', 2)];
    const { records } = runDatagrams(
      createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => [echo] }),
      events,
      keysOf(pair.b.privateKey),
      [echo],
    );
    expect(records.map((r) => `${r.protocol} ${r.message}`).slice(4)).toEqual(['echo REQ', 'echo RESP']);
    expect(records[4]).toMatchObject({
      requestId: '0x00000002',
      pair: { status: 'matched', index: 5 },
      fields: { payload: toHex(enc('ping?')) },
    });
    expect(records[5]).toMatchObject({ requestId: '0x00000002', pair: { status: 'matched', index: 4 } });
    // The discv5 fields are an encoding subtree: not in `fields`, but in the tree with their ranges.
    expect(Object.keys(records[4]!.fields)).toEqual(['payload']);
    expect(
      echo.seen.talks.map((t) => [t.direction, t.talk.kind, new TextDecoder().decode(t.talk.protocolId!)]),
    ).toEqual([
      [0, 'request', 'echo'],
      [1, 'response', 'echo'],
    ]);
    // The carried protocol learns the real index of its request (what a later message of it links to).
    expect(echo.seen.pending).toEqual([{ index: 4, message: 'REQ' }]);
  });

  it('puts the packet and the TALKREQ fields in the carried tree, each in its byte source', () => {
    const echo = testProtocol('echo');
    const events = [...first, pong, ...talkExchange(pair, 'echo', 'ping?', 'pong!', 2)];
    const { analyzed } = runDatagrams(
      createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => [echo] }),
      events,
      keysOf(pair.b.privateKey),
      [echo],
    );
    const request = analyzed[4]!.decoded;
    const context = request.tree.children![0]!;
    expect(context).toMatchObject({ name: 'discv5', encoding: true });
    // An ordinary packet without findings: nothing is built until something reads the subtree.
    expect(context.unbuilt).toBe(true);
    expect(collectNotes(request.tree)).toEqual([]);
    expect(context.unbuilt).toBe(true);
    const built = plainField(context);
    expect(context.unbuilt).toBe(false);
    expect(collectNotes(built)).toEqual([]);
    expect(fieldsJson({ name: 'x', shape: 'struct', children: [{ ...built, encoding: false }] })).toMatchObject({
      discv5: {
        packet: { flag: 0, authdata: { 'src-id': toHex(pair.a.id) } },
        'request-id': '0x00000002',
        protocol: toHex(enc('echo')),
      },
    });
    const names = request.sources!.map((s) => s.name);
    expect(names).toEqual([PACKET_SOURCE, HEADER_SOURCE, MESSAGE_SOURCE]);
    const bytesOf = (name: string) => request.sources!.find((s) => s.name === name)!.bytes;
    expect(coverageProblems(request.tree, bytesOf(PACKET_SOURCE).length, PACKET_SOURCE)).toEqual([]);
    expect(coverageProblems(request.tree, bytesOf(HEADER_SOURCE).length, HEADER_SOURCE)).toEqual([]);
    expect(coverageProblems(request.tree, bytesOf(MESSAGE_SOURCE).length, MESSAGE_SOURCE)).toEqual([]);
    expect(coverageProblems(request.tree, request.bytes.length)).toEqual([]);
    const payload = fieldByPath(context, 'request') as Field;
    expect(toHex(bytesOf(MESSAGE_SOURCE).subarray(payload.start! + 1, payload.end))).toBe(toHex(enc('ping?')));
  });

  it('opens one session per protocol per flow, lazily, with one `flow` shared by the protocols of a flow', () => {
    const echo = testProtocol('echo');
    const other = testProtocol('other');
    const discv5 = createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => [echo, other] });
    const events: DatagramEvent[] = [
      ...first,
      pong,
      ...talkExchange(pair, 'echo', 'a', 'b', 2),
      ...talkExchange(pair, 'echo', 'c', 'd', 3),
      ...talkExchange(pair, 'other', 'e', 'f', 4),
      ...talkExchange(pair, 'echo', 'g', 'h', 5).map((e) => ({ ...e, flow: 1 })),
    ];
    runDatagrams(discv5, events, keysOf(pair.b.privateKey), [echo, other]);
    expect(echo.seen.hosts).toHaveLength(2);
    expect(other.seen.hosts).toHaveLength(1);
    expect(echo.seen.hosts[0]!.flow).toBe(other.seen.hosts[0]!.flow);
    expect(echo.seen.hosts[1]!.flow).not.toBe(echo.seen.hosts[0]!.flow);
  });

  it('tells the carried protocol the ENR of the node sending in a direction (from the handshake record)', () => {
    const echo = testProtocol('echo');
    const events = [...first, pong, ...talkExchange(pair, 'echo', 'x', 'y', 2)];
    runDatagrams(
      createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => [echo] }),
      events,
      keysOf(pair.b.privateKey),
      [echo],
    );
    expect(echo.seen.enrKeys[0]).toEqual(['id', 'ip', 'secp256k1', 'udp']);
    expect(echo.seen.enrKeys[1]).toBeUndefined();
  });

  it('shows TALKREQ/TALKRESP as discv5 messages when the carried decoder fails, with an error note', () => {
    const fragile = testProtocol('echo', { throwOn: 'bad' });
    const events = [...first, pong, ...talkExchange(pair, 'echo', 'bad', 'whatever', 2)];
    const { records } = runDatagrams(
      createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => [fragile] }),
      events,
      keysOf(pair.b.privateKey),
      [fragile],
    );
    expect(records.slice(4).map((r) => `${r.protocol} ${r.message}`)).toEqual(['discv5 TALKREQ', 'echo RESP']);
    expect(records[4]!.notes.map((n) => n.kind)).toContain(DISCV5_NOTES.talkDecoderError);
    expect(records[4]!.notes.find((n) => n.kind === DISCV5_NOTES.talkDecoderError)!.text).toContain('boom');
  });

  it('shows a TALKRESP whose TALKREQ is not in the capture as discv5, saying so', () => {
    const echo = testProtocol('echo');
    const events = [...first, pong, talkExchange(pair, 'echo', 'x', 'y', 9)[1]!];
    const { records } = runDatagrams(
      createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => [echo] }),
      events,
      keysOf(pair.b.privateKey),
      [echo],
    );
    expect(records[4]).toMatchObject({ protocol: 'discv5', message: 'TALKRESP', pair: { status: 'orphan' } });
    expect(records[4]!.notes.map((n) => n.kind)).toContain(DISCV5_NOTES.talkRequestUnseen);
  });

  it('keeps a TALKREQ’s route open while its answer has parts to come, then closes it', () => {
    const echo = testProtocol('echo', { parts: 3 });
    const response = (text: string) => ({ dir: 1 as const, data: pair.message('b', 6, [id(2), enc(text)]) });
    const events = [...first, pong, talkExchange(pair, 'echo', 'all?', '1', 2)[0]!];
    events.push(response('1'), response('2'), response('3'), response('4'));
    const { records } = runDatagrams(
      createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => [echo] }),
      events,
      keysOf(pair.b.privateKey),
      [echo],
    );
    expect(records.slice(4).map((r) => `${r.protocol} ${r.message} ${r.pair?.status} #${r.pair?.index}`)).toEqual([
      'echo REQ matched #5',
      'echo RESP matched #4',
      'echo RESP matched #4',
      'echo RESP matched #4',
      // A fourth TALKRESP answers nothing the carried protocol still waits for: discv5 shows it, raw.
      'discv5 TALKRESP orphan #null',
    ]);
    expect(records[8]!.notes.map((n) => n.kind)).toContain(DISCV5_NOTES.talkRequestUnseen);
  });

  it('tells every carried session of a flow that the flow ended', () => {
    const echo = testProtocol('echo');
    const other = testProtocol('other');
    const discv5 = createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => [echo, other] });
    const flow = discv5.open({
      keys: keysOf(pair.b.privateKey),
      emit: () => {},
      pendingRequest: () => undefined,
      streamNote: () => {},
      cancelRequests: () => {},
    });
    const events = [
      ...first,
      pong,
      ...talkExchange(pair, 'echo', 'a', 'b', 2),
      ...talkExchange(pair, 'other', 'c', 'd', 3),
    ];
    events.forEach((e, i) => flow.datagram(e.dir, e.data, { frame: i + 1, time: 1_700_000_000 + i }));
    flow.end?.({ frame: 99, time: 1_700_000_100 });
    expect([echo.seen.ends, other.seen.ends]).toEqual([[99], [99]]);
  });
});
