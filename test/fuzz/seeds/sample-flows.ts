import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex } from '../../../decoders/core/bytes';
import type { Direction } from '../../../decoders/core/dissector';
import { KeyStore } from '../../../decoders/core/keys';
import { PacketDecoder } from '../../../decoders/net/packet-decoder';
import type { FlowSink, FrameInfo } from '../../../decoders/net/types';
import { REPO_ROOT } from './public-vectors';

/**
 * The recorded RLPx and discv5 samples (samples/rlpx, samples/discv5) cut into what a dissector is fed: each TCP
 * connection's stream events and each UDP flow's datagrams, in capture order with their frames and times, plus the
 * key files that open them. Read synchronously (targets prepare synchronously); absent samples give no seeds.
 */

/** One in-order piece of a TCP direction, as the reassembly hands it on. */
export interface TcpSegmentEvent {
  dir: Direction;
  data: Uint8Array;
  frame: number;
  time: number;
}

export interface DatagramEvent {
  dir: Direction;
  data: Uint8Array;
  frame: number;
  time: number;
}

export interface RecordedRlpxConnection {
  name: string;
  /** The stream data of both directions in capture order (the recordings have no gaps). */
  segments: TcpSegmentEvent[];
  keyLog: string;
}

export interface RecordedDiscv5Flow {
  name: string;
  datagrams: DatagramEvent[];
  /** The two nodes' private keys (samples/discv5/node-a.key, node-b.key). */
  nodeKeys: Uint8Array[];
}

/** A sample capture file with the key material that decrypts it. */
export interface SampleCapture {
  name: string;
  file: Uint8Array;
  keyLog?: string;
  nodeKeys?: Uint8Array[];
}

const RLPX_SAMPLES = ['les', 'ress', 'peerscope-dials-ethereumjs', 'ethereumjs-dials-peerscope'];
const DISCV5_SAMPLES = ['session', 'portal'];

function samplePath(...parts: string[]): string {
  return join(REPO_ROOT, 'samples', ...parts);
}

/** The classic pcap records of a file (either byte order, micro- or nanoseconds). */
export function pcapRecords(file: Uint8Array): { linkType: number; time: number; data: Uint8Array }[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = view.getUint32(0, true);
  const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nanos = magic === 0xa1b23c4d || view.getUint32(0, false) === 0xa1b23c4d;
  const linkType = view.getUint32(20, littleEndian);
  const out: { linkType: number; time: number; data: Uint8Array }[] = [];
  for (let at = 24; at + 16 <= file.length;) {
    const length = view.getUint32(at + 8, littleEndian);
    const time = view.getUint32(at, littleEndian) + view.getUint32(at + 4, littleEndian) / (nanos ? 1e9 : 1e6);
    out.push({ linkType, time, data: file.subarray(at + 16, at + 16 + length) });
    at += 16 + length;
  }
  return out;
}

/** Every TCP connection's segments and UDP flow's datagrams of a classic pcap file, through PacketDecoder. */
export function flowsOf(file: Uint8Array): { tcp: TcpSegmentEvent[][]; udp: DatagramEvent[][] } {
  const tcp = new Map<number, TcpSegmentEvent[]>();
  const udp = new Map<number, DatagramEvent[]>();
  const add = <T>(map: Map<number, T[]>, id: number, event: T) => map.set(id, [...(map.get(id) ?? []), event]);
  const sink: FlowSink = {
    // Owned copies: `slice` is a view when the bytes are a Node Buffer (as a file's are).
    tcpData: (conn, dir, bytes, at) => add(tcp, conn.id, { dir, data: new Uint8Array(bytes), ...at }),
    tcpGap: () => {},
    tcpEnd: () => {},
    udpDatagram: (flow, dir, bytes, at) => add(udp, flow.id, { dir, data: new Uint8Array(bytes), ...at }),
    frameNote: () => {},
  };
  const decoder = new PacketDecoder(sink);
  let last: FrameInfo = { frame: 0, time: 0 };
  pcapRecords(file).forEach((record, i) => {
    last = { frame: i + 1, time: record.time };
    decoder.frame({ ...last, ...record, originalLength: record.data.length, fileOffset: 0, interfaceId: 0 });
  });
  decoder.finish(last);
  return { tcp: [...tcp.values()], udp: [...udp.values()] };
}

export function recordedRlpxConnections(): RecordedRlpxConnection[] {
  return RLPX_SAMPLES.filter((name) => existsSync(samplePath('rlpx', `${name}.pcap`))).flatMap((name) => {
    const keyLog = readFileSync(samplePath('rlpx', `${name}.keylog`), 'utf8');
    const { tcp } = flowsOf(readFileSync(samplePath('rlpx', `${name}.pcap`)));
    return tcp.map((segments) => ({ name, segments, keyLog }));
  });
}

export function discv5NodeKeys(): Uint8Array[] {
  return ['node-a.key', 'node-b.key']
    .map((name) => samplePath('discv5', name))
    .filter((path) => existsSync(path))
    .map((path) => fromHex(readFileSync(path, 'utf8').trim()));
}

export function recordedDiscv5Flows(): RecordedDiscv5Flow[] {
  const nodeKeys = discv5NodeKeys();
  return DISCV5_SAMPLES.filter((name) => existsSync(samplePath('discv5', `${name}.pcap`))).flatMap((name) =>
    flowsOf(readFileSync(samplePath('discv5', `${name}.pcap`))).udp.map((datagrams) => ({ name, datagrams, nodeKeys })),
  );
}

/** The RLPx and discv5 sample files (the pcapng with its key log in a secrets block too), with their keys. */
export function sampleCapturesWithKeys(): SampleCapture[] {
  const out: SampleCapture[] = [];
  for (const name of RLPX_SAMPLES) {
    if (!existsSync(samplePath('rlpx', `${name}.pcap`))) continue;
    const keyLog = readFileSync(samplePath('rlpx', `${name}.keylog`), 'utf8');
    out.push({ name: `rlpx/${name}.pcap`, file: readFileSync(samplePath('rlpx', `${name}.pcap`)), keyLog });
  }
  const dsb = samplePath('rlpx', 'peerscope-dials-ethereumjs.dsb.pcapng');
  if (existsSync(dsb)) out.push({ name: 'rlpx/peerscope-dials-ethereumjs.dsb.pcapng', file: readFileSync(dsb) });
  const nodeKeys = discv5NodeKeys();
  for (const name of DISCV5_SAMPLES) {
    const path = samplePath('discv5', `${name}.pcap`);
    if (existsSync(path)) out.push({ name: `discv5/${name}.pcap`, file: readFileSync(path), nodeKeys });
  }
  return out.map((s) => ({ ...s, file: new Uint8Array(s.file) }));
}

/** A key store holding a key log and node keys. */
export function keyStoreWith(keyLog: string | undefined, nodeKeys: readonly Uint8Array[] = []): KeyStore {
  const keys = new KeyStore();
  if (keyLog !== undefined) keys.addKeyLog(keyLog, 'fuzz.keylog');
  for (const key of nodeKeys) keys.addPrivateKey(key);
  return keys;
}
