/**
 * Interop with an independent implementation: two @chainsafe/discv5 nodes on loopback (first contact with
 * WHOAREYOU and handshake, PING, FINDNODE answered in two NODES, TALKREQs), recorded by tcpdump while they talk,
 * then analysed by Peerscope and held against what each node logged as it sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual, fromHex } from '../../decoders/core/bytes';
import { restBytes, structOf } from '../../decoders/core/codec';
import { declareProtocol } from '../../decoders/core/declaration';
import { KeyStore } from '../../decoders/core/keys';
import type { PairInfo } from '../../decoders/core/pairing';
import { ProtocolRegistry } from '../../decoders/core/registry';
import { createDiscv5Protocol, DISCV5_NOTES, isTalkProtocol, type TalkProtocol } from '../../decoders/discv5';
import { toHex } from '../../decoders/core/bytes';
import { analyzeCaptureFile } from '../../src-main/engine/analyze-capture';
import type { AnalyzedMessage } from '../../src-main/engine/message-analysis';
import { nodeAes } from '../../src-main/engine/node-aes';
import { runDiscv5Exchange, type ExchangeResult } from '../../samples/discv5/chainsafe-exchange';
import { differences, readBack } from './support/sent-comparison';

const dir = mkdtempSync(join(tmpdir(), 'peerscope-discv5-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (s: string) => new TextEncoder().encode(s);
const CARRIED = 'peerscope-test';

/** A carried protocol for the interop: each TALKREQ/TALKRESP payload of `peerscope-test` becomes one message. */
const carried: TalkProtocol = {
  transport: 'carried',
  declaration: declareProtocol({
    name: 'carried',
    title: 'test protocol in TALKREQ',
    spec: 'test',
    messages: [
      {
        name: 'ASK',
        code: 0,
        summary: 'request',
        body: structOf('ASK', [{ name: 'payload', codec: restBytes }]),
        answeredBy: ['ANSWER'],
      },
      {
        name: 'ANSWER',
        code: 1,
        summary: 'response',
        body: structOf('ANSWER', [{ name: 'payload', codec: restBytes }]),
      },
    ],
  }),
  handles: (protocolId) => bytesEqual(protocolId, text(CARRIED)),
  open: (host) => ({
    talk(direction, talk, at) {
      const name = talk.kind === 'request' ? 'ASK' : 'ANSWER';
      const payload = {
        name: 'payload',
        shape: 'leaf' as const,
        value: toHex(talk.payload),
        start: 0,
        end: talk.payload.length,
      };
      const tree = {
        name: 'carried',
        shape: 'struct' as const,
        start: 0,
        end: talk.payload.length,
        children: [payload],
      };
      host.emit(
        direction,
        { protocol: 'carried', message: name, code: null, requestId: talk.requestId, tree, bytes: talk.payload },
        at,
      );
    },
  }),
  decodeMessage: () => {
    throw new Error('not used');
  },
  encodeMessage: () => new Uint8Array(0),
};

function registry(): ProtocolRegistry {
  const r = new ProtocolRegistry().register(carried);
  return r.register(createDiscv5Protocol({ aes: nodeAes, talkProtocols: () => r.all().filter(isTalkProtocol) }));
}

async function analyze(exchange: ExchangeResult, nodeKeys: string[]) {
  const keys = new KeyStore();
  for (const k of nodeKeys) keys.addPrivateKey(fromHex(k));
  const analyzed: AnalyzedMessage[] = [];
  const finalPairs = new Map<number, PairInfo>();
  await analyzeCaptureFile(
    exchange.capturePath,
    { registry: registry(), keys },
    {
      message: (m) => analyzed.push(m),
      pairUpdate: (index, pair) => finalPairs.set(index, pair),
    },
  );
  return readBack(analyzed, finalPairs, `127.0.0.1:${exchange.nodes.a.port}`);
}

describe('two @chainsafe/discv5 nodes on loopback, recorded by tcpdump', () => {
  let exchange: ExchangeResult;

  beforeAll(async () => {
    exchange = await runDiscv5Exchange({
      capturePath: join(dir, 'interop.pcap'),
      extraNodes: 5,
      talk: [
        { protocol: CARRIED, request: text('question'), response: text('answer') },
        { protocol: 'nobody-knows', request: Uint8Array.of(1, 2, 3), response: new Uint8Array(0) },
      ],
    });
  }, 60_000);

  it('recorded the whole conversation', () => {
    expect(exchange.dropped).toBe(0);
    expect(exchange.packets.filter((p) => p.flag === 1)).toHaveLength(1);
    expect(exchange.messages.filter((m) => m.message === 'NODES').length).toBeGreaterThan(1);
  });

  it('with both node keys: every packet in order, every message with the values sent, paired', async () => {
    const { records, packets, messages } = await analyze(exchange, [
      exchange.nodes.a.privateKey,
      exchange.nodes.b.privateKey,
    ]);
    expect(packets).toEqual(exchange.packets);
    // Only the random bytes of A's first packet stay unread: no message was sent in it.
    expect(records.filter((r) => r.message === 'ENCRYPTED').map((r) => r.notes.map((n) => n.kind))).toEqual([
      [DISCV5_NOTES.sessionUnknown],
    ]);
    for (const side of ['a', 'b'] as const) {
      const read = messages.filter((m) => m.from === side);
      const sent = exchange.messages.filter((m) => m.from === side);
      expect(read.map((m) => m.message).length).toBe(sent.length);
      read.forEach((m, i) => expect(differences(m, sent[i]!), `${side} message ${i}`).toEqual([]));
    }
    // The comparison sees a changed value.
    const first = exchange.messages[0]!;
    expect(differences(messages[0]!, { ...first, values: { ...first.values, 'enr-seq': 99 } })).toHaveLength(1);
    const requests = records.filter((r) => ['PING', 'FINDNODE', 'TALKREQ', 'ASK'].includes(r.message));
    expect(requests.map((r) => r.pair?.status)).toEqual(['matched', 'matched', 'matched', 'matched']);
    // Every NODES part answers the FINDNODE.
    const findNode = records.find((r) => r.message === 'FINDNODE')!;
    const nodes = records.filter((r) => r.message === 'NODES');
    expect(nodes.length).toBeGreaterThan(1);
    expect(nodes.map((r) => r.pair)).toEqual(
      nodes.map(() => expect.objectContaining({ status: 'matched', index: findNode.index })),
    );
    expect(records.find((r) => r.message === 'ASK')).toMatchObject({
      protocol: 'carried',
      fields: { payload: toHex(text('question')) },
    });
    expect(records.find((r) => r.message === 'TALKREQ')!.notes.map((n) => n.kind)).toEqual([
      DISCV5_NOTES.talkUnknownProtocol,
    ]);
    expect(records.find((r) => r.message === 'PING')!.fields).toMatchObject({
      packet: { flag: 2, 'id-signature-valid': true },
    });
  });

  it('with the recipient’s key only: the handshake gives the session, so the same messages are read', async () => {
    const both = await analyze(exchange, [exchange.nodes.a.privateKey, exchange.nodes.b.privateKey]);
    const bOnly = await analyze(exchange, [exchange.nodes.b.privateKey]);
    expect(bOnly.messages).toEqual(both.messages);
  });

  it('with the initiator’s key only: what is sent to A shows its header, every encrypted packet names B’s key', async () => {
    const { records } = await analyze(exchange, [exchange.nodes.a.privateKey]);
    expect(records.some((r) => !['WHOAREYOU', 'ENCRYPTED', 'MASKED'].includes(r.message))).toBe(false);
    expect(records.filter((r) => r.message === 'WHOAREYOU')).toHaveLength(1);
    const encrypted = records.filter((r) => r.message === 'ENCRYPTED');
    expect(encrypted.length).toBeGreaterThan(5);
    for (const r of encrypted) {
      const missing = r.notes.find((n) => n.kind === DISCV5_NOTES.keyMissing);
      expect(missing?.text).toContain(`needs the node key of ${exchange.nodes.b.nodeId}`);
    }
  });
});
