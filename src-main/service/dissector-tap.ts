import type {
  ConnectionDissector,
  ConnectionHost,
  DatagramDissector,
  Direction,
  Protocol,
  StreamPosition,
  TcpProtocol,
  UdpProtocol,
} from '../../decoders/core/dissector';
import { ProtocolRegistry } from '../../decoders/core/registry';
import type { Conversation } from '../engine/message-analysis';
import type { FlowBinding, GroupDescriptor } from './load-protocol';
import type { ReplayLogWriter } from './replay-log';

/** One dissector the router opened: a TCP connection's, or one UDP flow's within its protocol's group. */
interface TappedFlow {
  group: number;
  flow: number;
  bound: boolean;
}

/**
 * Records what every dissector is given (stream chunks, gaps, ends, datagrams) into the replay log, by wrapping the
 * protocols the flow router opens. The log then holds each connection's input exactly as its dissector saw it,
 * detection and its buffering already done, and decoding a message again is: open the protocol, feed the log.
 *
 * Groups: each TCP connection is one; all flows of one UDP protocol are one (discv5 shares what it learns about
 * nodes and sessions across flows, so they are replayed together). A flow is tied to its conversation when its
 * first message is emitted (`bindCurrent`, called from the analysis sink during the dissector's call).
 */
export class DissectorTap {
  private current: TappedFlow | null = null;
  private nextGroup = 0;
  private readonly udpGroups = new Map<string, { group: number; flows: number }>();
  private newGroups: GroupDescriptor[] = [];
  private newBindings: FlowBinding[] = [];

  constructor(private readonly log: ReplayLogWriter) {}

  /** The same protocols, in the same order, with their dissectors recorded. */
  wrap(registry: ProtocolRegistry): ProtocolRegistry {
    const tapped = new ProtocolRegistry();
    for (const p of registry.all()) tapped.register(this.wrapProtocol(p));
    return tapped;
  }

  /** The group and flow of the dissector now emitting, tied to `conversation` on its first message. */
  bindCurrent(conversation: Conversation): { group: number; flow: number } {
    const flow = this.current;
    if (!flow) return { group: -1, flow: 0 };
    if (!flow.bound) {
      flow.bound = true;
      this.newBindings.push({
        group: flow.group,
        flow: flow.flow,
        conversation: {
          stream: conversation.stream,
          endpoints: [conversation.endpoints[0], conversation.endpoints[1]],
        },
      });
    }
    return flow;
  }

  takeNew(): { groups: GroupDescriptor[]; bindings: FlowBinding[] } {
    const out = { groups: this.newGroups, bindings: this.newBindings };
    this.newGroups = [];
    this.newBindings = [];
    return out;
  }

  private wrapProtocol(protocol: Protocol): Protocol {
    if (protocol.transport === 'carried') return protocol;
    // Object.create keeps the protocol's own methods (detect, decodeMessage, …) and their `this`.
    const wrapper = Object.create(protocol) as TcpProtocol | UdpProtocol;
    const name = protocol.declaration.name;
    if (protocol.transport === 'tcp') {
      (wrapper as TcpProtocol).open = (host) => this.tcpDissector(name, protocol.open(host));
    } else {
      (wrapper as UdpProtocol).open = (host: ConnectionHost) => this.datagramDissector(name, protocol.open(host));
    }
    return wrapper;
  }

  private tcpDissector(protocol: string, inner: ConnectionDissector): ConnectionDissector {
    const flow: TappedFlow = { group: this.nextGroup++, flow: 0, bound: false };
    this.newGroups.push({ group: flow.group, kind: 'tcp', protocol });
    const log = this.log;
    return {
      data: (dir, bytes, at) => {
        log.data(flow.group, dir, bytes, at);
        // The hot path: the `during` bracket written out, no closure per chunk.
        const outer = this.current;
        this.current = flow;
        try {
          inner.data(dir, bytes, at);
        } finally {
          this.current = outer;
        }
      },
      gap: (dir, length, at) => {
        log.gap(flow.group, dir, length, at);
        this.during(flow, () => inner.gap(dir, length, at));
      },
      end: (dir, at) => {
        log.end(flow.group, dir, at);
        this.during(flow, () => inner.end(dir, at));
      },
    };
  }

  private datagramDissector(protocol: string, inner: DatagramDissector): DatagramDissector {
    let group = this.udpGroups.get(protocol);
    if (!group) {
      group = { group: this.nextGroup++, flows: 0 };
      this.udpGroups.set(protocol, group);
      this.newGroups.push({ group: group.group, kind: 'udp', protocol });
    }
    const flow: TappedFlow = { group: group.group, flow: group.flows++, bound: false };
    const log = this.log;
    const dissector: DatagramDissector = {
      datagram: (dir: Direction, bytes: Uint8Array, at: StreamPosition) => {
        log.datagram(flow.group, flow.flow, dir, bytes, at);
        const outer = this.current;
        this.current = flow;
        try {
          inner.datagram(dir, bytes, at);
        } finally {
          this.current = outer;
        }
      },
    };
    if (inner.end) {
      const end = inner.end.bind(inner);
      dissector.end = (at) => {
        log.flowEnd(flow.group, flow.flow, at);
        this.during(flow, () => end(at));
      };
    }
    return dissector;
  }

  private during(flow: TappedFlow, call: () => void): void {
    const outer = this.current;
    this.current = flow;
    try {
      call();
    } finally {
      this.current = outer;
    }
  }
}
