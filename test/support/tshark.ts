/**
 * tshark as the independent reference: what it counts in a capture file and what it reassembles per TCP stream.
 */
import { spawn } from 'node:child_process';
import type { Endpoint } from '../../decoders/net/types';

export interface TsharkTcpStream {
  id: number;
  /** Source of the stream's first packet, and its peer (tshark's follow nodes 0 and 1 are not always this). */
  a: Endpoint;
  b: Endpoint;
  framesAtoB: number;
  framesBtoA: number;
  /** Reassembled payload a->b and b->a, from `-z follow,tcp,raw`. */
  payloadAtoB: Uint8Array;
  payloadBtoA: Uint8Array;
}

export interface TsharkCaptureReport {
  frames: number;
  tcpStreams: TsharkTcpStream[];
  /** Number of distinct udp.stream values. */
  udpStreams: number;
}

interface FrameFields {
  tcpStream: number | null;
  udpStream: number | null;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
}

/** Runs tshark on `file` and collects frame count, TCP streams with their payload, and UDP stream count. */
export async function tsharkCaptureReport(file: string): Promise<TsharkCaptureReport> {
  const frames = await tsharkFrameFields(file);
  const streams = new Map<number, TsharkTcpStream>();
  const udp = new Set<number>();
  for (const f of frames) {
    if (f.udpStream !== null) udp.add(f.udpStream);
    if (f.tcpStream === null) continue;
    let stream = streams.get(f.tcpStream);
    if (!stream) {
      stream = {
        id: f.tcpStream,
        a: { ip: f.src, port: f.srcPort },
        b: { ip: f.dst, port: f.dstPort },
        framesAtoB: 0,
        framesBtoA: 0,
        payloadAtoB: new Uint8Array(0),
        payloadBtoA: new Uint8Array(0),
      };
      streams.set(f.tcpStream, stream);
    }
    if (f.src === stream.a.ip && f.srcPort === stream.a.port) stream.framesAtoB++;
    else stream.framesBtoA++;
  }
  const ids = [...streams.keys()].sort((x, y) => x - y);
  const followed = await tsharkFollowTcp(file, ids);
  for (const f of followed) {
    const stream = streams.get(f.id)!;
    const nodeZeroIsA = sameEndpoint(f.nodes[0], stream.a);
    stream.payloadAtoB = nodeZeroIsA ? f.payload[0] : f.payload[1];
    stream.payloadBtoA = nodeZeroIsA ? f.payload[1] : f.payload[0];
  }
  return { frames: frames.length, tcpStreams: ids.map((id) => streams.get(id)!), udpStreams: udp.size };
}

/** One line per frame: stream indexes and addresses (first occurrence, so tunnels do not double up). */
export async function tsharkFrameFields(file: string): Promise<FrameFields[]> {
  const fields = [
    'tcp.stream',
    'udp.stream',
    'ip.src',
    'ipv6.src',
    'ip.dst',
    'ipv6.dst',
    'tcp.srcport',
    'udp.srcport',
    'tcp.dstport',
    'udp.dstport',
  ];
  const out = await runTshark(['-r', file, '-T', 'fields', '-E', 'occurrence=f', ...fields.flatMap((f) => ['-e', f])]);
  return out
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [tcp, udp, ip4src, ip6src, ip4dst, ip6dst, tcpSrc, udpSrc, tcpDst, udpDst] = line.split('\t');
      return {
        tcpStream: tcp ? Number(tcp) : null,
        udpStream: udp ? Number(udp) : null,
        src: ip4src || ip6src || '',
        dst: ip4dst || ip6dst || '',
        srcPort: Number(tcpSrc || udpSrc || 0),
        dstPort: Number(tcpDst || udpDst || 0),
      };
    });
}

export interface TsharkFollow {
  id: number;
  nodes: [Endpoint, Endpoint];
  /** Bytes node 0 sent, bytes node 1 sent. */
  payload: [Uint8Array, Uint8Array];
}

/** `tshark -q -z follow,tcp,raw,N` for each stream id, in one run. */
export async function tsharkFollowTcp(file: string, ids: readonly number[]): Promise<TsharkFollow[]> {
  const out: TsharkFollow[] = [];
  // Many -z arguments in one run; batches keep the command line reasonable.
  for (let i = 0; i < ids.length; i += 200) {
    const batch = ids.slice(i, i + 200);
    const text = await runTshark(['-r', file, '-q', ...batch.flatMap((id) => ['-z', `follow,tcp,raw,${id}`])]);
    out.push(...parseFollowOutput(text));
  }
  return out.sort((x, y) => x.id - y.id);
}

function parseFollowOutput(text: string): TsharkFollow[] {
  const out: TsharkFollow[] = [];
  for (const section of text.split(/^=+$/m)) {
    const filter = /^Filter: tcp\.stream eq (\d+)$/m.exec(section);
    if (!filter) continue;
    const node0 = /^Node 0: (.*)$/m.exec(section);
    const node1 = /^Node 1: (.*)$/m.exec(section);
    const hex: [string[], string[]] = [[], []];
    for (const line of section.split('\n')) {
      if (/^\t[0-9a-f]+$/.test(line)) hex[1].push(line.slice(1));
      else if (/^[0-9a-f]+$/.test(line)) hex[0].push(line);
    }
    out.push({
      id: Number(filter[1]),
      nodes: [parseNode(node0?.[1] ?? ''), parseNode(node1?.[1] ?? '')],
      payload: [hexBytes(hex[0].join('')), hexBytes(hex[1].join(''))],
    });
  }
  return out;
}

/** `10.0.0.1:80` or `[fe80::1]:80`; an unknown node (a stream without data) gives an empty endpoint. */
function parseNode(text: string): Endpoint {
  const m = /^\[?(.*?)\]?:(\d+)$/.exec(text.trim());
  return m ? { ip: m[1]!, port: Number(m[2]) } : { ip: '', port: 0 };
}

function sameEndpoint(x: Endpoint, y: Endpoint): boolean {
  return x.ip === y.ip && x.port === y.port;
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** tshark's frame count as it reads the file (it stops at damage, like Peerscope). */
export async function tsharkFrameCount(file: string): Promise<number> {
  return (await tsharkFrameFields(file)).length;
}

/** Runs tshark and returns stdout; a damaged file makes tshark exit non-zero after printing what it read. */
export function runTshark(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('tshark', ['-n', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => errors.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(errors).toString();
      if (signal !== null) reject(new Error(`tshark ${args.join(' ')} killed by ${signal}: ${stderr}`));
      else if (code !== 0 && !/cut short|appears to be damaged|corrupt/i.test(stderr)) {
        reject(new Error(`tshark ${args.join(' ')} exited with ${code}: ${stderr}`));
      } else resolve(Buffer.concat(chunks).toString());
    });
  });
}
