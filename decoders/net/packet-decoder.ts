import { note, type Severity } from '../core/notes';
import { DEFAULT_FRAGMENT_LIMITS, IpFragmentReassembler } from './ip-fragments';
import { IpPacket, type FrameProblems, type IpOutcome } from './ip-packet';
import { parseIpv4 } from './ipv4';
import { parseIpv6, walkIpv6ExtensionHeaders } from './ipv6';
import { decodeLinkLayer, LinkLayerHeader } from './link-layer';
import { IP_PROTO_TCP, IP_PROTO_UDP } from './link-types';
import { TcpConnectionTable } from './tcp-connection-table';
import { DEFAULT_REASSEMBLY_LIMITS, type ReassemblyLimits } from './tcp-reassembly';
import { parseTcpSegment, TcpSegment } from './tcp-segment';
import { UdpFlowTable } from './udp';
import type { CaptureRecord, FlowSink, FrameInfo, TcpConnection, UdpFlow } from './types';

export interface PacketDecoderOptions {
  /** Out-of-order bytes held per TCP direction before the hole before them is declared a gap. */
  maxOutOfOrderBytes?: number;
  /** Capture-time seconds after which an incomplete fragmented datagram is dropped. */
  fragmentTimeoutSeconds?: number;
  /** Delivered, unacknowledged bytes kept per TCP direction to compare retransmissions with (0: no check). */
  maxUnackedBytes?: number;
}

/**
 * Frames in, flows out: peels the link layer, checks and reassembles IP, and hands TCP byte streams and UDP
 * datagrams to the sink. One instance per capture; frames must come in capture order.
 */
export class PacketDecoder {
  private readonly link = new LinkLayerHeader();
  private readonly ip = new IpPacket();
  private readonly tcp = new TcpSegment();
  private readonly problems: CurrentFrameProblems;
  private readonly fragments: IpFragmentReassembler;
  private readonly tcpTable: TcpConnectionTable;
  private readonly udpTable: UdpFlowTable;
  /** `interface:linkType` pairs already noted as unsupported. */
  private readonly unsupportedLinks = new Set<string>();

  constructor(
    private readonly sink: FlowSink,
    options: PacketDecoderOptions = {},
  ) {
    const limits: ReassemblyLimits = {
      ...DEFAULT_REASSEMBLY_LIMITS,
      ...(options.maxOutOfOrderBytes !== undefined && { maxOutOfOrderBytes: options.maxOutOfOrderBytes }),
      ...(options.maxUnackedBytes !== undefined && { maxUnackedBytes: options.maxUnackedBytes }),
    };
    this.problems = new CurrentFrameProblems(sink);
    this.fragments = new IpFragmentReassembler(
      {
        ...DEFAULT_FRAGMENT_LIMITS,
        timeoutSeconds: options.fragmentTimeoutSeconds ?? DEFAULT_FRAGMENT_LIMITS.timeoutSeconds,
      },
      (frame, n) => sink.frameNote(frame, n),
    );
    this.tcpTable = new TcpConnectionTable(sink, limits);
    this.udpTable = new UdpFlowTable(sink);
  }

  /** One capture record in. */
  frame(rec: CaptureRecord): void {
    const link = this.link;
    this.problems.frame = rec.frame;
    const outcome = decodeLinkLayer(rec.linkType, rec.data, link);
    if (outcome === 'unsupported') return this.noteUnsupportedLink(rec);
    if (outcome === 'malformed') return this.problems.report('error', 'link.bad-header', link.problem);
    if (outcome === 'not-ip') return;
    const cutShort = rec.data.length < rec.originalLength;
    const ipOutcome =
      link.network === 4
        ? parseIpv4(rec.data, link.offset, cutShort, this.ip, this.problems)
        : parseIpv6(rec.data, link.offset, cutShort, this.ip, this.problems);
    const at: FrameInfo = { frame: rec.frame, time: rec.time };
    if (ipOutcome === 'packet') this.transport(at);
    else if (ipOutcome === 'fragment') this.fragment(at);
  }

  /** End of capture: pending holes become gaps, open directions end with 'capture-end'. */
  finish(at: FrameInfo): void {
    this.fragments.finish();
    this.tcpTable.finish(at);
  }

  tcpConnections(): readonly TcpConnection[] {
    return this.tcpTable.connections();
  }

  udpFlows(): readonly UdpFlow[] {
    return this.udpTable.flows();
  }

  private fragment(at: FrameInfo): void {
    const datagram = this.fragments.add(this.ip, at, this.problems);
    if (datagram === null) return;
    const ip = this.ip;
    ip.setDatagram(datagram.bytes, datagram.addressLength, datagram.protocol);
    // IPv6 extension headers after the fragment header belong to the reassembled payload.
    const outcome: IpOutcome =
      datagram.addressLength === 16 ? walkIpv6ExtensionHeaders(ip, datagram.protocol, false, this.problems) : 'packet';
    if (outcome === 'packet') this.transport(at);
    else if (outcome === 'fragment')
      this.problems.report('error', 'ipv6.bad-header', 'a fragment inside a reassembled datagram');
  }

  private transport(at: FrameInfo): void {
    const ip = this.ip;
    if (ip.protocol === IP_PROTO_TCP) {
      if (parseTcpSegment(ip, this.tcp, this.problems)) this.tcpTable.segment(ip, this.tcp, at);
    } else if (ip.protocol === IP_PROTO_UDP) {
      this.udpTable.datagram(ip, at, this.problems);
    }
  }

  /** One note per interface: a capture of an unknown link type would otherwise note every frame. */
  private noteUnsupportedLink(rec: CaptureRecord): void {
    const key = `${rec.interfaceId}:${rec.linkType}`;
    if (this.unsupportedLinks.has(key)) return;
    this.unsupportedLinks.add(key);
    this.sink.frameNote(
      rec.frame,
      note('warning', 'link.unsupported', `link type ${rec.linkType} of interface ${rec.interfaceId} is not decoded`),
    );
  }
}

/** Reports problems against the frame being decoded. */
class CurrentFrameProblems implements FrameProblems {
  frame = 0;

  constructor(private readonly sink: FlowSink) {}

  report(severity: Severity, kind: string, text: string): void {
    this.sink.frameNote(this.frame, note(severity, kind, text));
  }
}
