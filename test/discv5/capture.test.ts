/**
 * discv5 through the whole engine: a capture file of a simulated conversation, read by analyzeCaptureFile with the
 * default registry (detection by node keys, two flows, pcapng secrets blocks), and by `inspect --json`'s two passes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../../decoders/core/keys';
import type { MessageRecord } from '../../decoders/core/message';
import type { Note } from '../../decoders/core/notes';
import { createDiscv5Protocol, discv5KeyLogLine } from '../../decoders/discv5';
import { portal, PORTAL_NOTES } from '../../decoders/portal';
import { analyzeCaptureFile, PEERSCOPE_SECRETS_TYPE } from '../../src-main/engine/analyze-capture';
import { messageRecord, type AnalyzedMessage } from '../../src-main/engine/message-analysis';
import { nodeAes } from '../../src-main/engine/node-aes';
import { defaultRegistry } from '../../src-main/engine/protocols';
import { inspect } from '../../src-main/cli/inspect-command';
import { concat, PcapngWriter, PcapWriter } from '../support/capture-writer';
import { ipPacket, LINK, linkFrame, PROTO_UDP, udpDatagram } from '../support/packet-builder';
import type { DatagramEvent } from './support/datagram-playbook';
import { simulatedNode, SimulatedPair } from './support/simulated-pair';

const dir = mkdtempSync(join(tmpdir(), 'peerscope-discv5-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const id = (n: number) => Uint8Array.of(0, 0, 0, n);
const A = { ip: '127.0.0.1', port: 30303 };
const B = { ip: '127.0.0.2', port: 9000 };

/** A first contact, PING/PONG and FINDNODE/NODES, plus unrelated UDP (DNS-like) that must stay undecoded. */
function exchange(pair: SimulatedPair): DatagramEvent[] {
  return [
    ...pair.firstContact(1, [id(1), Uint8Array.of(1)]),
    {
      dir: 1,
      data: pair.message('b', 2, [id(1), Uint8Array.of(1), Uint8Array.of(127, 0, 0, 1), Uint8Array.of(0x76, 0x5f)]),
    },
    { dir: 0, data: pair.message('a', 3, [id(2), [new Uint8Array(0)]]) },
    { dir: 1, data: pair.message('b', 4, [id(2), Uint8Array.of(1), []]) },
  ];
}

function frames(events: readonly DatagramEvent[]): Uint8Array[] {
  const unrelated = udpDatagram(
    { src: '10.0.0.1', dst: '10.0.0.53' },
    { srcPort: 5353, dstPort: 53, payload: new Uint8Array(80).fill(1) },
  );
  return [
    linkFrame(LINK.ETHERNET, ipPacket({ src: '10.0.0.1', dst: '10.0.0.53' }, PROTO_UDP, unrelated)),
    ...events.map((e) => {
      const [from, to] = e.dir === 0 ? [A, B] : [B, A];
      const udp = udpDatagram({ src: from.ip, dst: to.ip }, { srcPort: from.port, dstPort: to.port, payload: e.data });
      return linkFrame(LINK.ETHERNET, ipPacket({ src: from.ip, dst: to.ip }, PROTO_UDP, udp));
    }),
  ];
}

function writePcap(name: string, data: Uint8Array[]): string {
  const writer = new PcapWriter({ linkType: LINK.ETHERNET });
  const path = join(dir, name);
  writeFileSync(
    path,
    concat([writer.header(), ...data.map((d, i) => writer.record({ time: 1_700_000_000 + i / 10, data: d }))]),
  );
  return path;
}

async function analyze(path: string, keys: KeyStore): Promise<MessageRecord[]> {
  const messages: AnalyzedMessage[] = [];
  const finalPairs = new Map<number, MessageRecord['pair']>();
  await analyzeCaptureFile(
    path,
    { registry: defaultRegistry(), keys },
    {
      message: (m) => messages.push(m),
      pairUpdate: (index, pair) => finalPairs.set(index, pair),
    },
  );
  return messages.map((m) => messageRecord(m, finalPairs.get(m.index) ?? m.pair));
}

describe('discv5 in a capture file', () => {
  const pair = new SimulatedPair(simulatedNode(41, A.port), simulatedNode(42, B.port));
  const path = writePcap('discv5.pcap', frames(exchange(pair)));

  it('is detected by the node key, decoded and paired; other UDP stays undecoded', async () => {
    const keys = new KeyStore();
    keys.addPrivateKey(pair.b.privateKey);
    const records = await analyze(path, keys);
    expect(records.map((r) => `${r.src} ${r.message} ${r.pair?.status ?? ''}`)).toEqual([
      '127.0.0.1:30303 ENCRYPTED ',
      '127.0.0.2:9000 WHOAREYOU ',
      '127.0.0.1:30303 PING matched',
      '127.0.0.2:9000 PONG matched',
      '127.0.0.1:30303 FINDNODE matched',
      '127.0.0.2:9000 NODES matched',
    ]);
    expect(records.every((r) => r.stream === records[0]!.stream && r.protocol === 'discv5')).toBe(true);
  });

  it('is not claimed without keys (detection is conservative)', async () => {
    expect(await analyze(path, new KeyStore())).toEqual([]);
  });

  it('opens with a DISCV5 key-log line carried in a pcapng secrets block', async () => {
    const events = exchange(new SimulatedPair(simulatedNode(43, A.port), simulatedNode(44, B.port)));
    const logged = new SimulatedPair(simulatedNode(43, A.port), simulatedNode(44, B.port));
    exchange(logged); // the same deterministic packets: its keys are the session's
    const line = discv5KeyLogLine({
      token: logged.ephemeralPublicKey!,
      initiatorId: logged.a.id,
      recipientId: logged.b.id,
      keys: logged.keys!,
    });
    const writer = new PcapngWriter();
    const blocks = [
      writer.sectionHeader(),
      writer.interfaceDescription({ linkType: LINK.ETHERNET }),
      writer.decryptionSecrets(PEERSCOPE_SECRETS_TYPE, new TextEncoder().encode(`${line}\n`)),
      ...frames(events).map((data, i) => writer.enhancedPacket({ interfaceId: 0, time: 1_700_000_000 + i / 10, data })),
    ];
    const pcapng = join(dir, 'keylog.pcapng');
    writeFileSync(pcapng, concat(blocks));
    const records = await analyze(pcapng, new KeyStore());
    expect(records.map((r) => r.message)).toEqual(['ENCRYPTED', 'WHOAREYOU', 'PING', 'PONG', 'FINDNODE', 'NODES']);
  });

  it('prints the same messages and final pairing through inspect --json’s two passes', async () => {
    const keys = new KeyStore();
    keys.addPrivateKey(pair.a.privateKey);
    keys.addPrivateKey(pair.b.privateKey);
    const lines: string[] = [];
    await inspect({
      file: path,
      json: true,
      summary: false,
      streams: false,
      decodeAs: [],
      keys,
      registry: defaultRegistry(),
      out: (line) => lines.push(line),
      warn: () => {},
    });
    const printed = lines.map((l) => JSON.parse(l) as MessageRecord);
    expect(printed.map((r) => [r.index, r.message, r.pair?.index ?? null])).toEqual([
      [0, 'ENCRYPTED', null],
      [1, 'WHOAREYOU', null],
      [2, 'PING', 3],
      [3, 'PONG', 2],
      [4, 'FINDNODE', 5],
      [5, 'NODES', 4],
    ]);
    expect(printed[2]!.fields).toMatchObject({ 'request-id': '0x00000001', packet: { 'id-signature-valid': true } });
  });

  it('is registered once in the default registry, finding carried protocols there', () => {
    const registry = defaultRegistry();
    expect(registry.get('discv5')?.transport).toBe('udp');
    expect(createDiscv5Protocol({ aes: nodeAes }).declaration.name).toBe('discv5');
  });

  it('tells the carried protocols when the capture ends: an announced uTP stream that never came is reported', async () => {
    const portalPair = new SimulatedPair(simulatedNode(45, A.port), simulatedNode(46, B.port));
    const history = Uint8Array.of(0x50, 0x0b);
    const findContent = portal.encodeMessage({
      message: 'FindContent',
      fields: { content_key: `0x00${'ab'.repeat(32)}` },
    });
    const content = portal.encodeMessage({ message: 'Content', fields: { connection_id: 0x4321 } });
    const events: DatagramEvent[] = [
      ...portalPair.firstContact(5, [id(1), history, findContent]),
      { dir: 1, data: portalPair.message('b', 6, [id(1), content]) },
    ];
    const keys = new KeyStore();
    keys.addPrivateKey(portalPair.b.privateKey);
    const notes: { direction: number; note: Note; frame: number }[] = [];
    await analyzeCaptureFile(
      writePcap('portal-end.pcap', frames(events)),
      { registry: defaultRegistry(), keys },
      { streamNote: (_c, direction, note, at) => notes.push({ direction, note, frame: at.frame }) },
    );
    // Frame 1 is the unrelated datagram; the Content (frame 5) is the capture's last.
    expect(notes.map((n) => [n.direction, n.note.kind, n.frame])).toEqual([[1, PORTAL_NOTES.utpMissing, 5]]);
    expect(notes[0]!.note.text).toContain(
      'connection id 17185: no uTP packet with connection id 17185 before the flow ended',
    );
  });
});
