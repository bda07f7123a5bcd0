/**
 * Frames → flows benchmark: generates a pcap of many concurrent TCP conversations, then times tshark and
 * Peerscope's reader + PacketDecoder on it, and pcap-parser alone against a plain read of the file.
 *
 * Node 20 cannot run TypeScript itself (no --experimental-strip-types) and tsx is not installed, so bundle first;
 * the bundle must sit inside the repository so that `pcap-parser` resolves from node_modules:
 *
 *   npx esbuild test/bench/net-bench.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=out/bench/net-bench.mjs && node out/bench/net-bench.mjs [--size-mb 300] [--file PATH] [--reuse]
 *
 * Each measurement runs in a child process of its own so that its peak RSS is its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import pcapParser from 'pcap-parser';
import { PacketDecoder } from '../../decoders/net/packet-decoder';
import type { FlowSink } from '../../decoders/net/types';
import { readCaptureFile } from '../../src-main/capture/read-capture';
import { CaptureFileStream } from '../support/capture-file-stream';
import { PcapWriter } from '../support/capture-writer';
import { ethernetFrame, ipv4Packet, PROTO_TCP, TCP_FLAGS, tcpSegment } from '../support/packet-builder';

const CHUNK = 1 << 20;

interface Measurement {
  name: string;
  wallSeconds: number;
  packets: number;
  peakRssMiB: number;
  extra?: string;
}

// Generator ---------------------------------------------------------------------------------------------------

/** TCP timestamps option padded with two NOPs: what Linux puts on every segment (a 32-byte TCP header). */
const TIMESTAMP_OPTION = Uint8Array.of(1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2);
const MSS = 1448;
/** pcap record header, Ethernet, IPv4, TCP with options. */
const PACKET_OVERHEAD = 16 + 14 + 20 + 32;
/** Shared payload source: bytes are taken from it at varying offsets. */
const PAYLOAD = Uint8Array.from({ length: 4 << 20 }, (_, i) => (i * 2654435761) >>> 24);

class Rng {
  constructor(private x: number) {}
  next(n: number): number {
    this.x ^= this.x << 13;
    this.x ^= this.x >>> 17;
    this.x ^= this.x << 5;
    return (this.x >>> 0) % n;
  }
}

/** One request/response conversation, producing its packets a few at a time. */
class GeneratedConversation {
  private readonly pending: (() => void)[] = [];
  private seq = [0, 0];
  private readonly ep: [{ src: string; dst: string }, { src: string; dst: string }];
  private readonly ports: [number, number];
  private planned = 0;
  private payloadBytes = 0;

  constructor(
    index: number,
    rng: Rng,
    private readonly emit: (frame: Uint8Array) => void,
  ) {
    const client = `10.${(index >> 8) & 0xff}.${index & 0xff}.${1 + (index >> 16)}`;
    const server = `192.168.${index % 7}.${10 + (index % 13)}`;
    this.ep = [
      { src: client, dst: server },
      { src: server, dst: client },
    ];
    this.ports = [20000 + (index % 40000), 30303 + (index % 3)];
    this.seq = [rng.next(2 ** 31) * 2, rng.next(2 ** 31) * 2];
    this.queueHandshake();
    const exchanges = 1 + rng.next(6);
    for (let i = 0; i < exchanges; i++) {
      this.queueSend(0, 100 + rng.next(1900), rng);
      this.queueSend(1, 1000 + rng.next(rng.next(4) === 0 ? 400_000 : 40_000), rng);
    }
    this.pending.push(() => this.packet(0, TCP_FLAGS.FIN | TCP_FLAGS.ACK, 0, 1));
    this.pending.push(() => this.packet(1, TCP_FLAGS.FIN | TCP_FLAGS.ACK, 0, 1));
    this.pending.push(() => this.packet(0, TCP_FLAGS.ACK, 0, 0));
    this.planned = this.pending.length * PACKET_OVERHEAD + this.payloadBytes;
  }

  get done(): boolean {
    return this.pending.length === 0;
  }

  /** Bytes its packets will take in the file, roughly: what it still adds once opened. */
  get plannedBytes(): number {
    return this.planned;
  }

  /** Emits up to `n` packets. */
  step(n: number): void {
    for (let i = 0; i < n && this.pending.length > 0; i++) this.pending.shift()!();
  }

  private queueHandshake(): void {
    this.pending.push(() => this.packet(0, TCP_FLAGS.SYN, 0, 1));
    this.pending.push(() => this.packet(1, TCP_FLAGS.SYN | TCP_FLAGS.ACK, 0, 1));
    this.pending.push(() => this.packet(0, TCP_FLAGS.ACK, 0, 0));
  }

  /** `length` bytes from `side` in MSS segments, the peer acknowledging every second one. */
  private queueSend(side: 0 | 1, length: number, rng: Rng): void {
    let segments = 0;
    this.payloadBytes += length;
    for (let at = 0; at < length; at += MSS) {
      const size = Math.min(MSS, length - at);
      const offset = rng.next(PAYLOAD.length - size);
      this.pending.push(() => this.packet(side, TCP_FLAGS.ACK | TCP_FLAGS.PSH, size, 0, offset));
      if (++segments % 2 === 0 || at + MSS >= length)
        this.pending.push(() => this.packet(side === 0 ? 1 : 0, TCP_FLAGS.ACK, 0, 0));
    }
  }

  private packet(side: 0 | 1, flags: number, size: number, sequenceFlags: number, payloadOffset = 0): void {
    const ep = this.ep[side];
    const peer = side === 0 ? 1 : 0;
    const segment = tcpSegment(ep, {
      srcPort: this.ports[side],
      dstPort: this.ports[peer],
      seq: this.seq[side]!,
      ack: flags & TCP_FLAGS.ACK ? this.seq[peer]! : 0,
      flags,
      options: TIMESTAMP_OPTION,
      payload: PAYLOAD.subarray(payloadOffset, payloadOffset + size),
    });
    this.seq[side] = (this.seq[side]! + size + sequenceFlags) >>> 0;
    this.emit(
      ethernetFrame(
        ipv4Packet({ ...ep, protocol: PROTO_TCP, payload: segment, id: this.seq[side]! & 0xffff, dontFragment: true }),
      ),
    );
  }
}

/** Streams a pcap of about `megabytes` MB with `concurrency` conversations open at any time. */
function generate(path: string, megabytes: number, concurrency: number): { packets: number; conversations: number } {
  const file = new CaptureFileStream(path);
  const writer = new PcapWriter({ linkType: 1 });
  file.write(writer.header());
  const rng = new Rng(0x5eed);
  let time = 1_700_000_000;
  let packets = 0;
  let conversations = 0;
  const emit = (frame: Uint8Array): void => {
    time += 0.00001;
    packets++;
    file.write(writer.record({ time, data: frame }));
  };
  const target = megabytes * 1e6;
  // Bytes the open conversations will still write: no new one opens once they would reach the target.
  let committed = 24;
  const active: GeneratedConversation[] = [];
  const open = (): GeneratedConversation => {
    const conv = new GeneratedConversation(conversations++, rng, emit);
    committed += conv.plannedBytes;
    return conv;
  };
  while (active.length < concurrency) active.push(open());
  while (active.length > 0) {
    const i = rng.next(active.length);
    active[i]!.step(1 + rng.next(4));
    if (active[i]!.done) {
      if (committed < target) active[i] = open();
      else active.splice(i, 1);
    }
  }
  file.close();
  return { packets, conversations };
}

// Measurements (each in a child process) -----------------------------------------------------------------------

const noOpSink: FlowSink = {
  tcpData() {},
  tcpGap() {},
  tcpEnd() {},
  udpDatagram() {},
  frameNote() {},
};

async function measureDecoder(path: string): Promise<{ packets: number; extra: string }> {
  const decoder = new PacketDecoder(noOpSink);
  let last = { frame: 0, time: 0 };
  const info = await readCaptureFile(path, {
    record(rec) {
      last = { frame: rec.frame, time: rec.time };
      decoder.frame(rec);
    },
    damage(problem) {
      throw new Error(`damage at ${problem.offset}: ${problem.reason}`);
    },
  });
  decoder.finish(last);
  const conns = decoder.tcpConnections();
  const bytes = conns.reduce((n, c) => n + c.bytesAtoB + c.bytesBtoA, 0);
  return { packets: info.frames, extra: `${conns.length} TCP streams, ${(bytes / 1e6).toFixed(1)} MB of stream data` };
}

async function measureReaderOnly(path: string): Promise<{ packets: number }> {
  const info = await readCaptureFile(path, { record() {}, damage() {} });
  return { packets: info.frames };
}

function measurePcapParser(path: string): Promise<{ packets: number }> {
  return new Promise((resolve, reject) => {
    let packets = 0;
    const parser = pcapParser.parse(createReadStream(path, { highWaterMark: CHUNK }));
    parser.on('packet', () => packets++);
    parser.on('error', reject);
    parser.on('end', () => resolve({ packets }));
  });
}

async function measurePlainRead(path: string): Promise<{ packets: number; extra: string }> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) bytes += (chunk as Buffer).length;
  return { packets: 0, extra: `${bytes} bytes` };
}

/**
 * What replacing pcap-parser would cost: records walked in place in each chunk with a DataView, only a record
 * split across chunks copied. (A sketch for the comparison, little endian only.)
 */
async function measureRecordWalker(path: string): Promise<{ packets: number }> {
  let packets = 0;
  let carry: Buffer | null = null;
  let first = true;
  const events = new EventEmitter();
  events.on('record', () => packets++);
  for await (const piece of createReadStream(path, { highWaterMark: CHUNK })) {
    let chunk = piece as Buffer;
    if (carry) {
      chunk = Buffer.concat([carry, chunk]);
      carry = null;
    }
    let at = first ? 24 : 0;
    first = false;
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (at + 16 <= chunk.length) {
      const length = view.getUint32(at + 8, true);
      if (at + 16 + length > chunk.length) break;
      events.emit('record', chunk.subarray(at + 16, at + 16 + length));
      at += 16 + length;
    }
    if (at < chunk.length) carry = chunk.subarray(at);
  }
  return { packets };
}

const MODES = {
  decoder: measureDecoder,
  reader: measureReaderOnly,
  'pcap-parser': measurePcapParser,
  'plain-read': measurePlainRead,
  'record-walker': measureRecordWalker,
} as const;

async function child(mode: keyof typeof MODES, path: string): Promise<void> {
  const started = performance.now();
  const result = await MODES[mode](path);
  const wallSeconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ ...result, wallSeconds, peakRssKiB: process.resourceUsage().maxRSS }));
}

function runChild(mode: keyof typeof MODES, path: string, name: string): Measurement {
  const out = execFileSync(process.execPath, [process.argv[1]!, '--child', mode, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(out) as { packets: number; wallSeconds: number; peakRssKiB: number; extra?: string };
  return {
    name,
    wallSeconds: r.wallSeconds,
    packets: r.packets,
    peakRssMiB: r.peakRssKiB / 1024,
    ...(r.extra !== undefined && { extra: r.extra }),
  };
}

function runTshark(path: string, packets: number): Measurement {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'tshark', '-n', '-r', path, '-q', '-z', 'conv,tcp'], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const [wall, rss] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  const conversations = r.stdout.split('\n').filter((l) => /<->/.test(l)).length;
  return {
    name: 'tshark -q -z conv,tcp',
    wallSeconds: wall!,
    packets,
    peakRssMiB: rss! / 1024,
    extra: `${conversations} conversations`,
  };
}

function report(measurements: readonly Measurement[], bytes: number): void {
  const mb = bytes / 1e6;
  console.log(`\nfile: ${mb.toFixed(1)} MB\n`);
  console.log('measurement                         wall s     MB/s    packets/s   peak RSS MiB');
  for (const m of measurements) {
    console.log(
      `${m.name.padEnd(34)} ${m.wallSeconds.toFixed(2).padStart(7)} ${(mb / m.wallSeconds).toFixed(0).padStart(8)} ${(m.packets > 0 ? (m.packets / m.wallSeconds).toFixed(0) : '-').padStart(12)} ${m.peakRssMiB.toFixed(0).padStart(14)}${m.extra ? `   (${m.extra})` : ''}`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1] as keyof typeof MODES, args[2]!);
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sizeMb = Number(option('--size-mb') ?? 300);
  const path = option('--file') ?? `/tmp/peerscope-net-bench-${sizeMb}mb.pcap`;
  if (!(args.includes('--reuse') && existsSync(path))) {
    const started = performance.now();
    const { packets, conversations } = generate(path, sizeMb, Number(option('--concurrency') ?? 400));
    console.log(
      `generated ${path}: ${packets} packets, ${conversations} conversations in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const bytes = statSync(path).size;
  // Warm the page cache so the first measurement does not pay for the disk.
  await measurePlainRead(path);
  const decoder = runChild('decoder', path, 'readCaptureFile + PacketDecoder');
  const measurements = [
    runTshark(path, decoder.packets),
    decoder,
    runChild('reader', path, 'readCaptureFile (no-op records)'),
    runChild('pcap-parser', path, 'pcap-parser alone (1 MiB reads)'),
    runChild('record-walker', path, 'in-place record walker (sketch)'),
    runChild('plain-read', path, 'plain fs read (1 MiB reads)'),
  ];
  report(measurements, bytes);
}

await main();
