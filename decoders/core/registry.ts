import type { DeclaredProtocol } from './declaration';
import type { Protocol, TcpProtocol, UdpProtocol } from './dissector';

/**
 * The protocols Peerscope knows. Each protocol is one folder registering here in one place
 * (src-main/engine/protocols.ts); third-party plugins call `register` with the same public interface.
 */
export class ProtocolRegistry {
  private readonly protocols = new Map<string, Protocol>();

  register(protocol: Protocol): this {
    const name = protocol.declaration.name;
    if (this.protocols.has(name)) throw new Error(`protocol ${name} registered twice`);
    this.protocols.set(name, protocol);
    return this;
  }

  get(name: string): Protocol | undefined {
    return this.protocols.get(name);
  }

  declaration(name: string): DeclaredProtocol | undefined {
    return this.protocols.get(name)?.declaration;
  }

  names(): string[] {
    return [...this.protocols.keys()];
  }

  all(): Protocol[] {
    return [...this.protocols.values()];
  }

  declarations(): DeclaredProtocol[] {
    return this.all().map((p) => p.declaration);
  }

  tcpProtocols(): TcpProtocol[] {
    return this.all().filter((p): p is TcpProtocol => p.transport === 'tcp');
  }

  udpProtocols(): UdpProtocol[] {
    return this.all().filter((p): p is UdpProtocol => p.transport === 'udp');
  }
}
