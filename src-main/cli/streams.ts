import type { TcpConnection, UdpFlow } from '../../decoders/net/types';
import { endpointText, flowProtocol } from '../engine/flow-router';

export interface StreamRow {
  stream: string;
  a: string;
  b: string;
  framesAtoB: number;
  framesBtoA: number;
  bytesAtoB: number;
  bytesBtoA: number;
  gaps: number;
}

/** The conversations, as tshark's `-z conv,tcp` and `-z conv,udp` list them. */
export function streamRows(tcp: readonly TcpConnection[], udp: readonly UdpFlow[]): StreamRow[] {
  const row = (kind: string, c: TcpConnection | UdpFlow, gaps: number): StreamRow => ({
    stream: `${kind}:${c.id}`,
    a: endpointText(c.a.ip, c.a.port),
    b: endpointText(c.b.ip, c.b.port),
    framesAtoB: c.framesAtoB,
    framesBtoA: c.framesBtoA,
    bytesAtoB: c.bytesAtoB,
    bytesBtoA: c.bytesBtoA,
    gaps,
  });
  return [...tcp.map((c) => row('tcp', c, c.gaps)), ...udp.map((f) => row('udp', f, 0))];
}

export function streamsText(
  rows: readonly StreamRow[],
  tcp: readonly TcpConnection[],
  udp: readonly UdpFlow[],
): string {
  const protocols = new Map<string, string | null>([
    ...tcp.map((c) => [`tcp:${c.id}`, flowProtocol(c)] as const),
    ...udp.map((f) => [`udp:${f.id}`, flowProtocol(f)] as const),
  ]);
  const header = `${'stream'.padEnd(9)} ${'A'.padEnd(24)}    ${'B'.padEnd(24)} ${'frames A→B'.padStart(10)} ${'bytes A→B'.padStart(12)} ${'frames B→A'.padStart(10)} ${'bytes B→A'.padStart(12)} ${'gaps'.padStart(5)}  protocol`;
  const lines = rows.map(
    (r) =>
      `${r.stream.padEnd(9)} ${r.a.padEnd(24)} <-> ${r.b.padEnd(24)} ${String(r.framesAtoB).padStart(10)} ${String(r.bytesAtoB).padStart(12)} ${String(r.framesBtoA).padStart(10)} ${String(r.bytesBtoA).padStart(12)} ${String(r.gaps).padStart(5)}  ${protocols.get(r.stream) ?? '-'}`,
  );
  return [header, ...lines].join('\n');
}
