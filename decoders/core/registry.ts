import type { TcpProtocol } from './dissector';

/**
 * The protocols Peerscope knows. Each protocol is one folder registering here in one place
 * (src-main/engine/protocols.ts); third-party plugins call `register` with the same public interface.
 */
export class ProtocolRegistry {
  private readonly tcp = new Map<string, TcpProtocol>();

  register(protocol: TcpProtocol): this {
    const name = protocol.declaration.name;
    if (this.tcp.has(name)) throw new Error(`protocol ${name} registered twice`);
    this.tcp.set(name, protocol);
    return this;
  }

  get(name: string): TcpProtocol | undefined {
    return this.tcp.get(name);
  }

  names(): string[] {
    return [...this.tcp.keys()];
  }

  tcpProtocols(): TcpProtocol[] {
    return [...this.tcp.values()];
  }
}
