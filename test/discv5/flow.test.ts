/**
 * The discv5 flow dissector as playbooks: datagrams of simulated node pairs in, the exact message records out
 * (numbering, pairing and notes by the real analysis stage).
 */
import { RLP, type Input } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../decoders/core/bytes';
import { KeyStore } from '../../decoders/core/keys';
import type { MessageRecord } from '../../decoders/core/message';
import { createDiscv5Protocol, discv5KeyLogLine, DISCV5_NOTES } from '../../decoders/discv5';
import { nodeAes } from '../../src-main/engine/node-aes';
import { coverageProblems } from '../support/field-coverage';
import { runDatagrams, type DatagramEvent } from './support/datagram-playbook';
import { simulatedNode, SimulatedPair } from './support/simulated-pair';
import { signedEnr } from './support/packet-builder';

const discv5 = createDiscv5Protocol({ aes: nodeAes });
const id = (n: number) => Uint8Array.of(0, 0, 0, n);
const enc = (s: string) => new TextEncoder().encode(s);

function keysOf(...privateKeys: Uint8Array[]): KeyStore {
  const keys = new KeyStore();
  for (const k of privateKeys) keys.addPrivateKey(k);
  return keys;
}

function summary(records: readonly MessageRecord[]): string[] {
  return records.map(
    (r) =>
      `${r.src.endsWith('0') ? 'A' : 'B'} ${r.message}${r.pair ? ` ${r.pair.status}${r.pair.index === null ? '' : ` #${r.pair.index}`}` : ''}`,
  );
}

/** A whole conversation: first contact with PING, then FINDNODE answered by two NODES, TALKREQ and B's own PING. */
function conversation(pair: SimulatedPair): DatagramEvent[] {
  const others = [simulatedNode(21), simulatedNode(22), simulatedNode(23)];
  return [
    ...pair.firstContact(1, [id(1), Uint8Array.of(1)]),
    {
      dir: 1,
      data: pair.message('b', 2, [id(1), Uint8Array.of(1), Uint8Array.of(127, 0, 0, 1), Uint8Array.of(0x76, 0x5f)]),
    },
    { dir: 0, data: pair.message('a', 3, [id(2), [Uint8Array.of(0x01, 0x00), Uint8Array.of(0xff)]]) },
    {
      dir: 1,
      data: pair.message('b', 4, [id(2), Uint8Array.of(2), others.slice(0, 2).map((n) => decodeRecord(n.record))]),
    },
    { dir: 1, data: pair.message('b', 4, [id(2), Uint8Array.of(2), [decodeRecord(others[2]!.record)]]) },
    { dir: 0, data: pair.message('a', 5, [id(3), enc('nobody'), enc('hello')]) },
    { dir: 1, data: pair.message('b', 6, [id(3), new Uint8Array(0)]) },
    { dir: 1, data: pair.message('b', 1, [Uint8Array.of(0x77), Uint8Array.of(1)]) },
    {
      dir: 0,
      data: pair.message('a', 2, [
        Uint8Array.of(0x77),
        Uint8Array.of(1),
        Uint8Array.of(127, 0, 0, 1),
        Uint8Array.of(0x76, 0x60),
      ]),
    },
  ];
}

function decodeRecord(record: Uint8Array): Input {
  return RLP.decode(record) as Input;
}

const FULL = [
  'A ENCRYPTED',
  'B WHOAREYOU',
  'A PING matched #3',
  'B PONG matched #2',
  'A FINDNODE matched #5',
  'B NODES matched #4',
  'B NODES matched #4',
  'A TALKREQ matched #8',
  'B TALKRESP matched #7',
  'B PING matched #10',
  'A PONG matched #9',
];

describe('a first contact and a session, with node keys', () => {
  const pair = new SimulatedPair(simulatedNode(1), simulatedNode(2));
  const events = conversation(pair);

  it('with both keys: every message decoded with its values, and paired', () => {
    const { records } = runDatagrams(discv5, events, keysOf(pair.a.privateKey, pair.b.privateKey));
    expect(summary(records)).toEqual(FULL);
    expect(records[2]!.fields).toMatchObject({
      'request-id': '0x00000001',
      'enr-seq': 1,
      packet: { flag: 2, 'id-signature-valid': true },
    });
    expect(records[3]!.fields).toMatchObject({ 'recipient-ip': '127.0.0.1', 'recipient-port': 30303 });
    expect(records[4]!.fields).toMatchObject({ distances: [256, 255] });
    expect(records[5]!.fields).toMatchObject({ total: 2, part: 1, enrs: [{ seq: 1 }, { seq: 1 }] });
    expect(records[6]!.fields).toMatchObject({ total: 2, part: 2, enrs: [{ 'signature-valid': true }] });
    // Both parts answer the FINDNODE, which points at the first.
    expect(records[6]!.pair).toMatchObject({ status: 'matched', index: 4 });
    expect(records[7]!.fields).toMatchObject({ protocol: toHex(enc('nobody')), request: toHex(enc('hello')) });
    expect(records[7]!.notes.map((n) => n.kind)).toEqual([DISCV5_NOTES.talkUnknownProtocol]);
    expect(records[9]!.fields).toMatchObject({ 'request-id': '0x77' });
    for (const r of records.slice(2)) expect(r.notes.filter((n) => n.severity !== 'info')).toEqual([]);
  });

  it('with the recipient’s key only: the handshake yields the session, so everything is read', () => {
    const { records } = runDatagrams(discv5, events, keysOf(pair.b.privateKey));
    expect(summary(records)).toEqual(FULL);
    expect(records[3]!.fields.packet).toMatchObject({
      session: expect.stringContaining(`node key of ${toHex(pair.b.id)}`),
    });
  });

  it('with the initiator’s key only: packets show their headers and name the recipient’s key they need', () => {
    const { records } = runDatagrams(discv5, events, keysOf(pair.a.privateKey));
    expect(records.map((r) => r.message)).toEqual([
      'MASKED',
      'WHOAREYOU',
      'MASKED',
      ...new Array<string>(8).fill('ENCRYPTED'),
    ]);
    for (const r of records.slice(3)) {
      expect(r.notes.map((n) => n.kind)).toEqual([DISCV5_NOTES.keyMissing]);
      expect(r.notes[0]!.text).toContain(`needs the node key of ${toHex(pair.b.id)}`);
    }
    expect(records[4]!.fields.packet).toMatchObject({ flag: 0, authdata: { 'src-id': toHex(pair.a.id) } });
  });

  it('with a DISCV5 key-log line and no node key: the line’s ids unmask, its keys decrypt both ways', () => {
    runDatagrams(discv5, events); // fills pair.keys / ephemeralPublicKey
    const keys = new KeyStore();
    keys.addKeyLog(
      discv5KeyLogLine({
        token: pair.ephemeralPublicKey!,
        initiatorId: pair.a.id,
        recipientId: pair.b.id,
        keys: pair.keys!,
      }),
      'session.log',
    );
    const { records } = runDatagrams(discv5, events, keys);
    // The random packet precedes the session: nothing can open it.
    expect(summary(records)).toEqual(FULL);
    expect(records[2]!.fields.packet).toMatchObject({ session: 'key log session.log:1' });
  });

  it('without any key: nothing is claimed, every datagram is MASKED', () => {
    const { records } = runDatagrams(discv5, events.slice(0, 3));
    expect(records.map((r) => r.message)).toEqual(['MASKED', 'MASKED', 'MASKED']);
    expect(records[0]!.notes[0]!.text).toContain('needs the recipient');
  });

  it('explains every byte of every datagram, of its unmasked header and of its plaintext', () => {
    const analyzed = [
      ...runDatagrams(discv5, events, keysOf(pair.b.privateKey)).analyzed,
      ...runDatagrams(discv5, events, keysOf(pair.a.privateKey)).analyzed,
    ];
    for (const { decoded } of analyzed) {
      expect(coverageProblems(decoded.tree, decoded.bytes.length), decoded.message).toEqual([]);
      for (const source of decoded.sources ?? []) {
        expect(
          coverageProblems(decoded.tree, source.bytes.length, source.name),
          `${decoded.message} ${source.name}`,
        ).toEqual([]);
      }
    }
    expect(new Set(analyzed.map((m) => m.decoded.message))).toEqual(
      new Set(['MASKED', 'ENCRYPTED', 'WHOAREYOU', 'PING', 'PONG', 'FINDNODE', 'NODES', 'TALKREQ', 'TALKRESP']),
    );
  });

  it('decodes alike when the same key store reads the capture twice (the engine’s two passes)', () => {
    const keys = keysOf(pair.b.privateKey);
    const first = runDatagrams(discv5, events, keys).records;
    const second = runDatagrams(discv5, events, keys).records;
    expect(second).toEqual(first);
  });
});

describe('sessions and handshakes', () => {
  it('uses a session in another UDP flow of the same two nodes', () => {
    const pair = new SimulatedPair(simulatedNode(3), simulatedNode(4));
    const events: DatagramEvent[] = [
      ...pair.firstContact(1, [id(1), Uint8Array.of(1)]),
      { dir: 0, flow: 1, data: pair.message('a', 3, [id(2), [new Uint8Array(0)]]) },
    ];
    const { records } = runDatagrams(discv5, events, keysOf(pair.b.privateKey));
    expect(records.map((r) => `${r.stream} ${r.message}`)).toEqual([
      'udp:0 ENCRYPTED',
      'udp:0 WHOAREYOU',
      'udp:0 PING',
      'udp:1 FINDNODE',
    ]);
  });

  it('follows a new handshake of the same pair: later messages use the new keys', () => {
    const pair = new SimulatedPair(simulatedNode(5), simulatedNode(6));
    const first = pair.firstContact(1, [id(1), Uint8Array.of(1)]);
    const oldMessage = pair.message('a', 1, [id(2), Uint8Array.of(1)]);
    const again = pair.firstContact(1, [id(3), Uint8Array.of(1)], { withRecord: false });
    const newMessage = pair.message('b', 2, [id(3), Uint8Array.of(1), Uint8Array.of(127, 0, 0, 1), Uint8Array.of(1)]);
    const { records } = runDatagrams(
      discv5,
      [...first, { dir: 0, data: oldMessage }, ...again, { dir: 1, data: newMessage }],
      keysOf(pair.b.privateKey),
    );
    expect(records.map((r) => r.message)).toEqual([
      'ENCRYPTED',
      'WHOAREYOU',
      'PING',
      'PING',
      'ENCRYPTED',
      'WHOAREYOU',
      'PING',
      'PONG',
    ]);
    expect(records[7]!.fields.packet).toMatchObject({ session: expect.stringContaining('handshake in frame 7') });
    // The second handshake carries no record, but the first one's gave A's key: its signature is checked.
    expect(records[6]!.fields.packet).toMatchObject({ 'id-signature-valid': true });
  });

  it('flags an id-signature that does not verify', () => {
    const pair = new SimulatedPair(simulatedNode(7), simulatedNode(8));
    const random = pair.randomPacket();
    const challenge = pair.whoareyou(random.nonce);
    const handshake = pair.handshake(challenge.challengeData, 1, [id(1), Uint8Array.of(1)], { badSignature: true });
    const { records } = runDatagrams(
      discv5,
      [
        { dir: 0, data: random.data },
        { dir: 1, data: challenge.data },
        { dir: 0, data: handshake },
      ],
      keysOf(pair.b.privateKey),
    );
    expect(records[2]).toMatchObject({ message: 'PING', fields: { packet: { 'id-signature-valid': false } } });
    expect(records[2]!.notes.map((n) => n.kind)).toContain(DISCV5_NOTES.idSignature);
  });

  it('says the challenge is missing when the WHOAREYOU is not in the capture', () => {
    const pair = new SimulatedPair(simulatedNode(9), simulatedNode(10));
    const [random, , handshake] = pair.firstContact(1, [id(1), Uint8Array.of(1)]);
    const { records } = runDatagrams(discv5, [random!, handshake!], keysOf(pair.b.privateKey));
    expect(records[1]!.message).toBe('ENCRYPTED');
    expect(records[1]!.notes.map((n) => n.kind)).toContain(DISCV5_NOTES.challengeMissing);
  });

  it('learns node ids from NODES and unmasks packets to those nodes in other flows', () => {
    const pair = new SimulatedPair(simulatedNode(11), simulatedNode(12));
    const c = simulatedNode(13);
    const d = new SimulatedPair(simulatedNode(14), c);
    const events: DatagramEvent[] = [
      ...pair.firstContact(3, [id(1), [new Uint8Array(0)]]),
      { dir: 1, data: pair.message('b', 4, [id(1), Uint8Array.of(1), [RLP.decode(c.record) as Input]]) },
      { dir: 0, flow: 1, data: d.randomPacket().data },
    ];
    const { records } = runDatagrams(discv5, events, keysOf(pair.b.privateKey));
    expect(records.map((r) => r.message)).toEqual(['ENCRYPTED', 'WHOAREYOU', 'FINDNODE', 'NODES', 'ENCRYPTED']);
    expect(records[4]!.fields.packet).toMatchObject({ authdata: { 'src-id': toHex(d.a.id) } });
  });

  it('warns about NODES sets larger than geth accepts and about more parts than announced', () => {
    const pair = new SimulatedPair(simulatedNode(15), simulatedNode(16));
    const nodes = (total: number) => pair.message('b', 4, [id(1), Uint8Array.of(total), []]);
    const events: DatagramEvent[] = [...pair.firstContact(3, [id(1), [new Uint8Array(0)]]), { dir: 1, data: nodes(9) }];
    const { records } = runDatagrams(discv5, events, keysOf(pair.b.privateKey));
    expect(records[3]!.notes.map((n) => n.kind)).toEqual([DISCV5_NOTES.nodesTotal]);
  });

  it('matches every NODES of a set to its FINDNODE, and a part beyond the announced total to nothing', () => {
    const pair = new SimulatedPair(simulatedNode(24), simulatedNode(25));
    const nodes = (total: number) => ({
      dir: 1 as const,
      data: pair.message('b', 4, [id(1), Uint8Array.of(total), []]),
    });
    const events: DatagramEvent[] = [
      ...pair.firstContact(3, [id(1), [new Uint8Array(0)]]),
      nodes(2),
      nodes(2),
      nodes(2),
    ];
    const { records } = runDatagrams(discv5, events, keysOf(pair.b.privateKey));
    expect(records.slice(2).map((r) => [r.message, r.fields.part ?? null, r.pair?.status, r.pair?.index])).toEqual([
      ['FINDNODE', null, 'matched', 3],
      ['NODES', 1, 'matched', 2],
      ['NODES', 2, 'matched', 2],
      ['NODES', 3, 'orphan', null],
    ]);
    expect(records[5]!.notes.map((n) => n.kind)).toEqual(['pair.orphan', DISCV5_NOTES.nodesTotal]);
  });

  it('reports unusable DISCV5 key-log lines once, on the next message', () => {
    const pair = new SimulatedPair(simulatedNode(17), simulatedNode(18));
    const keys = keysOf(pair.b.privateKey);
    keys.addKeyLog('DISCV5 01 02 03 04 05\n', 'bad.log');
    const { records } = runDatagrams(discv5, pair.firstContact(1, [id(1), Uint8Array.of(1)]), keys);
    const problems = records.flatMap((r) => r.notes).filter((n) => n.kind === DISCV5_NOTES.keyLogLine);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.text).toMatch(/^bad\.log:1: a DISCV5 line is/);
  });

  it('keeps a handshake record that is not the sender’s own as a finding', () => {
    const pair = new SimulatedPair(simulatedNode(19), simulatedNode(20));
    const stranger = signedEnr(simulatedNode(99).privateKey, 1n, {});
    const random = pair.randomPacket();
    const challenge = pair.whoareyou(random.nonce);
    const original = pair.a.record;
    (pair.a as { record: Uint8Array }).record = stranger;
    const handshake = pair.handshake(challenge.challengeData, 1, [id(1), Uint8Array.of(1)]);
    (pair.a as { record: Uint8Array }).record = original;
    const { records } = runDatagrams(
      discv5,
      [
        { dir: 0, data: random.data },
        { dir: 1, data: challenge.data },
        { dir: 0, data: handshake },
      ],
      keysOf(pair.b.privateKey),
    );
    expect(records[2]!.notes.map((n) => n.kind)).toContain(DISCV5_NOTES.recordMismatch);
  });
});
