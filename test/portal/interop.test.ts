/**
 * Interop with an independent implementation: two @chainsafe/discv5 nodes on loopback carry every Portal message
 * type in TALKREQ/TALKRESP and two uTP transfers of real content (samples/discv5/portal-conversation.ts), recorded
 * by tcpdump while they run; ChainSafe decides the packets, request ids, sessions and handshakes. Peerscope's
 * reading is held against what the nodes logged as they sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../decoders/core/bytes';
import type { JsonObject } from '../../decoders/core/json';
import type { MessageRecord } from '../../decoders/core/message';
import { DISCV5_NOTES } from '../../decoders/discv5';
import { runDiscv5Exchange, type ExchangeResult, type SentMessage } from '../../samples/discv5/chainsafe-exchange';
import { annotateCarried, portalConversation, PORTAL_ENR_ENTRIES } from '../../samples/discv5/portal-conversation';
import {
  analyzePortalCapture,
  fieldOf,
  PACKET_ONLY,
  sideDifferences,
  type AnalyzedPortalCapture,
} from './support/sent-portal';
import { valueVectors } from './support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'peerscope-portal-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = valueVectors.find((v) => v.name === 'BlockHeaderWithProof Test Vectors')!;
const body = valueVectors.find((v) => v.name === 'BlockBody Test Vector' && v.content_key.startsWith('0x01720704'))!;

const stream = (r: MessageRecord) => r.fields.stream as JsonObject | undefined;

describe('Portal between two @chainsafe/discv5 nodes on loopback, recorded by tcpdump', () => {
  let exchange: ExchangeResult;
  let sent: SentMessage[];
  /** Index in `sent` of B's first Portal request: B restarted, so a second session starts there. */
  let secondSession: number;
  let both: AnalyzedPortalCapture;
  const analyze = (keys: string[]) =>
    analyzePortalCapture(exchange.capturePath, keys, `127.0.0.1:${exchange.nodes.a.port}`);

  beforeAll(async () => {
    const conversation = portalConversation();
    exchange = await runDiscv5Exchange({
      capturePath: join(dir, 'portal.pcap'),
      discoveryFirst: false,
      enrEntries: PORTAL_ENR_ENTRIES,
      talk: conversation.steps,
    });
    sent = annotateCarried(conversation, exchange.messages);
    secondSession = sent.findIndex(
      (m) => m.from === 'b' && m.message === 'TALKREQ' && m.carried?.protocol === 'portal',
    );
    both = await analyze([exchange.nodes.a.privateKey, exchange.nodes.b.privateKey]);
  }, 60_000);

  it('recorded the whole conversation: two first contacts, every TALKREQ/TALKRESP one the script composed', () => {
    expect(exchange.dropped).toBe(0);
    expect(exchange.packets.filter((p) => p.flag === 1).map((p) => p.from)).toEqual(['b', 'a']);
    expect(exchange.packets.filter((p) => p.flag === 2).map((p) => p.from)).toEqual(['a', 'b']);
    expect(sent.every((m) => m.carried !== undefined)).toBe(true);
    expect(new Set(sent.filter((m) => m.carried!.protocol === 'portal').map((m) => m.carried!.message))).toEqual(
      new Set(['Ping', 'Pong', 'FindNodes', 'Nodes', 'FindContent', 'Content', 'Offer', 'Accept']),
    );
    expect(secondSession).toBeGreaterThan(0);
  });

  it('with both node keys: every Portal and uTP message sent, in order, with the values sent', () => {
    expect(sideDifferences(both, sent, 'a')).toEqual([]);
    expect(sideDifferences(both, sent, 'b')).toEqual([]);
    // Only the two packets that carry no message stay unread: the random bytes that ask for each handshake.
    expect(both.records.filter((r) => PACKET_ONLY.includes(r.message)).map((r) => r.message)).toEqual([
      'ENCRYPTED',
      'WHOAREYOU',
      'ENCRYPTED',
      'WHOAREYOU',
    ]);
    // The comparison notices a value that differs.
    const ping = sent.find((m) => m.carried?.message === 'Ping')!;
    const altered = { ...ping, carried: { ...ping.carried!, values: { ...ping.carried!.values, enr_seq: 99 } } };
    expect(sideDifferences(both, [altered, ...sent.filter((m) => m !== ping)], 'a')).not.toEqual([]);
  });

  it('pairs every Portal request with its response, every part of the multi-message Nodes included', () => {
    const portal = both.records.filter((r) => r.protocol === 'portal');
    expect(portal.every((r) => r.pair?.status === 'matched')).toBe(true);
    const nodes = portal.filter((r) => r.message === 'Nodes' && r.fields.part !== undefined);
    expect(nodes.map((r) => [r.fields.total, r.fields.part])).toEqual([
      [2, 1],
      [2, 2],
    ]);
    const findNodes = portal.find((r) => r.index === nodes[0]!.pair!.index)!;
    expect(findNodes).toMatchObject({ message: 'FindNodes', pair: { index: nodes[0]!.index } });
    expect(nodes[1]!.pair!.index).toBe(findNodes.index);
    // uTP packets answer nothing: their TALKRESPs are shown, unpaired.
    expect(both.records.filter((r) => r.protocol === 'utp').every((r) => r.pair === null)).toBe(true);
  });

  it('reassembles both uTP streams, decodes their content and links each to the Content or Accept announcing it', () => {
    const done = both.read.filter((r) => fieldOf(r, 'stream.content'));
    expect(done.map((r) => [r.record.message, stream(r.record)!.sender])).toEqual([
      ['ST_DATA', 'acceptor'],
      ['ST_DATA', 'initiator'],
    ]);
    const [found, offered] = done as [(typeof done)[0], (typeof done)[0]];
    expect(toHex(fromHex(String(fieldOf(found, 'stream.content.value')!.value)))).toBe(header.content_value);
    expect(fieldOf(found, 'stream.content.value.block_header_with_proof.header.number')!.value).toBe(14764013);
    expect(fieldOf(offered, 'stream.content.0.content_key')!.value).toBe(body.content_key);
    expect(fieldOf(offered, 'stream.content.0.value')!.value).toBe(body.content_value);
    const transactions = fieldOf(offered, 'stream.content.0.value.block_body.transactions')!;
    expect(transactions.children!.filter((c) => !c.encoding).length).toBeGreaterThan(10);
    for (const [read, request, response] of [
      [found, 'FindContent', 'Content'],
      [offered, 'Offer', 'Accept'],
    ] as const) {
      const { announced_by, connection_id } = stream(read.record)!;
      const asked = both.records[announced_by as number]!;
      const announcing = both.records[asked.pair!.index!]!;
      expect([asked.message, announcing.message]).toEqual([request, response]);
      expect((announcing.fields.utp_stream as JsonObject).connection_id).toBe(connection_id);
      // Every packet of the stream shows the same link.
      const packets = both.records.filter((r) => r.protocol === 'utp' && stream(r)?.connection_id === connection_id);
      expect(packets.length).toBeGreaterThan(6);
      expect(packets.every((r) => stream(r)!.announced_by === announced_by)).toBe(true);
    }
    // Both streams came complete: nothing is missing when the capture ends.
    expect(both.streamNotes).toEqual([]);
  });

  it('raises no error anywhere, and only the warnings this conversation explains', () => {
    const notes = both.records.flatMap((r) => r.notes);
    expect(notes.filter((n) => n.severity === 'error')).toEqual([]);
    expect(new Set(notes.filter((n) => n.severity === 'warning').map((n) => n.kind))).toEqual(
      new Set([
        DISCV5_NOTES.sessionUnknown, // A's random first packet
        DISCV5_NOTES.decryptFailed, // B's random packet after its restart
        'enr.value.wrapped', // @chainsafe/enr writes Portal's `p` list inside a byte string
      ]),
    );
  });

  it('with node B’s key only: the session B was contacted in is read, the one B opened names A’s key', async () => {
    const bOnly = await analyze([exchange.nodes.b.privateKey]);
    const restart = restartIndex();
    expect(bOnly.records.slice(0, restart)).toEqual(both.records.slice(0, restart));
    expect(sideDifferences(bOnly, sent.slice(0, secondSession), 'a')).toEqual([]);
    expect(sideDifferences(bOnly, sent.slice(0, secondSession), 'b')).toEqual([]);
    // B's random packet does not open with the first session's keys; A's WHOAREYOU; then B's new session.
    expect(bOnly.records[restart]!.notes.map((n) => n.kind)).toEqual([DISCV5_NOTES.decryptFailed]);
    expect(bOnly.records[restart + 1]!.message).toBe('WHOAREYOU');
    expectUnreadNaming(bOnly.records.slice(restart + 2), exchange.nodes.a.nodeId);
  });

  it('with node A’s key only: the session A was contacted in is read, the one A opened names B’s key', async () => {
    const aOnly = await analyze([exchange.nodes.a.privateKey]);
    const restart = restartIndex();
    expect(sideDifferences(aOnly, sent.slice(secondSession), 'a')).toEqual([]);
    expect(sideDifferences(aOnly, sent.slice(secondSession), 'b')).toEqual([]);
    expect(aOnly.read.every((r) => r.record.index > restart)).toBe(true);
    expectUnreadNaming(aOnly.records.slice(0, restart + 1), exchange.nodes.b.nodeId);
  });

  /** Index of B's random packet after its restart: the second packet the two keys together cannot read. */
  function restartIndex(): number {
    return both.records.filter((r) => r.message === 'ENCRYPTED')[1]!.index;
  }
});

/** Packets that could not be read: none is a message, each encrypted one says whose node key it needs. */
function expectUnreadNaming(records: readonly MessageRecord[], nodeId: string): void {
  expect(records.filter((r) => !PACKET_ONLY.includes(r.message))).toEqual([]);
  const encrypted = records.filter((r) => r.message === 'ENCRYPTED');
  expect(encrypted.length).toBeGreaterThan(0);
  for (const r of encrypted) {
    const missing = r.notes.find((n) => n.kind === DISCV5_NOTES.keyMissing);
    expect(missing?.text, `#${r.index}`).toContain(`needs the node key of ${nodeId}`);
  }
}
