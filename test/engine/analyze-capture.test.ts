import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { declareProtocol } from '../../decoders/core/declaration';
import type {
  ConnectionDissector,
  Direction,
  StreamPosition,
  TcpProtocol,
  UdpProtocol,
} from '../../decoders/core/dissector';
import { KeyStore } from '../../decoders/core/keys';
import { ProtocolRegistry } from '../../decoders/core/registry';
import { hobbits } from '../../decoders/hobbits';
import { analyzeCaptureFile, PEERSCOPE_SECRETS_TYPE } from '../../src-main/engine/analyze-capture';
import { parseDecodeAs } from '../../src-main/engine/decode-as';
import { messageRecord, type AnalyzedMessage } from '../../src-main/engine/message-analysis';
import { concat, PcapngWriter, PcapWriter } from '../support/capture-writer';
import { ipPacket, LINK, linkFrame, PROTO_UDP, udpDatagram } from '../support/packet-builder';
import { TcpConversation } from '../support/tcp-conversation';

const dir = mkdtempSync(join(tmpdir(), 'peerscope-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ping(body: number): Uint8Array {
  return hobbits.encodeMessage({
    message: 'PING',
    fields: { body: `0x${body.toString(16).padStart(2, '0').repeat(32)}` },
  });
}
function pong(body: number): Uint8Array {
  return hobbits.encodeMessage({
    message: 'PONG',
    fields: { body: `0x${body.toString(16).padStart(2, '0').repeat(32)}` },
  });
}

function writePcap(name: string, conversations: TcpConversation[]): string {
  const writer = new PcapWriter({ linkType: LINK.ETHERNET });
  const frames = conversations.flatMap((c) => c.frames(LINK.ETHERNET)).sort((a, b) => a.time - b.time);
  const path = join(dir, name);
  writeFileSync(path, concat([writer.header(), ...frames.map((f) => writer.record(f))]));
  return path;
}

function conversation(port: number, startTime: number): TcpConversation {
  return new TcpConversation({
    client: { ip: '10.0.0.1', port },
    server: { ip: '10.0.0.2', port: 9000 },
    startTime,
    timeStep: 0.01,
    mss: 40,
  }).handshake();
}

async function analyze(path: string, registry = new ProtocolRegistry().register(hobbits), extra = {}) {
  const messages: AnalyzedMessage[] = [];
  const report = await analyzeCaptureFile(path, { registry, ...extra }, { message: (m) => messages.push(m) });
  return { report, messages };
}

describe('analyzeCaptureFile', () => {
  it('decodes messages split over small segments, in completion order, with endpoints and pairing', async () => {
    const c = conversation(40000, 1000).send('client', ping(1)).send('server', pong(1)).close();
    const { report, messages } = await analyze(writePcap('ping.pcap', [c]));
    expect(messages.map((m) => [m.decoded.message, m.conversation.stream, m.direction])).toEqual([
      ['PING', 'tcp:0', 0],
      ['PONG', 'tcp:0', 1],
    ]);
    const [request, response] = messages.map((m) => messageRecord(m));
    expect(request).toMatchObject({ src: '10.0.0.1:40000', dst: '10.0.0.2:9000', protocol: 'hobbits' });
    expect(response!.pair).toMatchObject({ status: 'matched', index: 0 });
    expect(response!.pair!.latencyMs).toBeGreaterThan(0);
    // The PONG completes in the frame that carried its last byte.
    const lastServerData = c.packets.filter((p) => p.from === 'server' && p.payload.length > 0).at(-1)!;
    expect(messages[1]!.time).toBeCloseTo(lastServerData.time, 6);
    expect(report.messages).toBe(2);
    expect(report.unanswered).toEqual([]);
  });

  it('keeps conversations apart and reports a request no one answered', async () => {
    const a = conversation(40001, 1000).send('client', ping(2)).send('server', pong(2)).close();
    const b = conversation(40002, 1000.005).send('client', ping(3)).close();
    const { report, messages } = await analyze(writePcap('two.pcap', [a, b]));
    expect(new Set(messages.map((m) => m.conversation.stream))).toEqual(new Set(['tcp:0', 'tcp:1']));
    expect(report.unanswered.map((u) => u.message)).toEqual(['PING']);
    expect(messages.find((m) => m.index === report.unanswered[0]!.index)!.conversation.endpoints[0]).toBe(
      '10.0.0.1:40002',
    );
  });

  it('leaves a connection undecoded when no heuristic claims it, and decodes it when a rule says so', async () => {
    const garbage = Uint8Array.of(1, 2, 3);
    const c = conversation(40003, 1000)
      .send('client', concat([garbage, ping(4)]))
      .close();
    const path = writePcap('garbage-first.pcap', [c]);
    const plain = await analyze(path);
    expect(plain.messages).toHaveLength(0);
    expect(plain.report.undecodedConnections).toBe(1);
    const ruled = await analyze(path, undefined, { decodeAs: [parseDecodeAs('tcp.port==9000:hobbits', ['hobbits'])] });
    expect(ruled.messages.map((m) => m.decoded.message)).toEqual(['PING']);
    expect(ruled.report.undecodedConnections).toBe(0);
  });

  it('hands key-log lines from a pcapng Decryption Secrets Block to the dissectors', async () => {
    const seen: (string | undefined)[] = [];
    const keyProbe: TcpProtocol = {
      transport: 'tcp',
      declaration: declareProtocol({ name: 'probe', title: 'probe', spec: '', messages: [] }),
      detect: () => 'yes',
      open(host): ConnectionDissector {
        seen.push(host.keys.lookup('RLPX', 'ab01')?.values.join(' '));
        return { data() {}, gap() {}, end() {} };
      },
      decodeMessage: () => {
        throw new Error('not used');
      },
      encodeMessage: () => new Uint8Array(0),
    };
    const writer = new PcapngWriter();
    const c = conversation(40004, 1000).send('client', ping(5)).close();
    const blocks = [
      writer.sectionHeader(),
      writer.interfaceDescription({ linkType: LINK.ETHERNET }),
      writer.decryptionSecrets(PEERSCOPE_SECRETS_TYPE, new TextEncoder().encode('# comment\nRLPX AB01 cc dd\n')),
      ...c.frames(LINK.ETHERNET).map((f) => writer.enhancedPacket({ interfaceId: 0, ...f })),
    ];
    const path = join(dir, 'secrets.pcapng');
    writeFileSync(path, concat(blocks));
    const keys = new KeyStore();
    await analyze(path, new ProtocolRegistry().register(keyProbe), { keys });
    expect(seen).toEqual(['cc dd']);
    expect(keys.entriesOf('RLPX')[0]!.source).toMatch(/secrets block at \d+:2$/);
  });

  it('ends every UDP flow a protocol decodes once, at the last frame, after its datagrams (UDP has no FIN)', async () => {
    const events: string[] = [];
    let opened = 0;
    const probe: UdpProtocol = {
      transport: 'udp',
      declaration: declareProtocol({ name: 'udp-probe', title: 'probe', spec: '', messages: [] }),
      detect: (datagram) => (datagram[0] === 0xaa ? 'yes' : 'no'),
      open() {
        const flow = opened++;
        return {
          datagram: (d: Direction, _bytes: Uint8Array, at: StreamPosition) =>
            events.push(`flow@${flow} ${d} #${at.frame}`),
          end: (at: StreamPosition) => events.push(`flow@${flow} end #${at.frame} ${at.time}`),
        };
      },
      decodeMessage: () => {
        throw new Error('not used');
      },
      encodeMessage: () => new Uint8Array(0),
    };
    const datagram = (srcPort: number, dstPort: number, first: number) => {
      const ep = { src: '10.0.0.1', dst: '10.0.0.2' };
      const udp = udpDatagram(ep, { srcPort, dstPort, payload: Uint8Array.of(first, 1, 2, 3) });
      return linkFrame(LINK.ETHERNET, ipPacket(ep, PROTO_UDP, udp));
    };
    const writer = new PcapWriter({ linkType: LINK.ETHERNET });
    const frames = [datagram(5000, 6000, 0xaa), datagram(5001, 6001, 0xaa), datagram(5002, 6002, 0x00)];
    const path = join(dir, 'udp-end.pcap');
    writeFileSync(path, concat([writer.header(), ...frames.map((data, i) => writer.record({ time: 2000 + i, data }))]));
    await analyze(path, new ProtocolRegistry().register(probe));
    // Two flows are the probe's; the third (not claimed) has no dissector to end.
    expect(events).toEqual(['flow@0 0 #1', 'flow@1 0 #2', 'flow@0 end #3 2002', 'flow@1 end #3 2002']);
  });
});
