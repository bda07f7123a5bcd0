import { quote } from './field-filter';

/** The messages of one conversation: `stream == tcp:3`. */
export function conversationFilter(stream: string): string {
  return `stream == ${stream}`;
}

/**
 * The messages to and from a peer: by endpoint when the address has a port (`127.0.0.1:30303`, `[::1]:30303`),
 * by IP otherwise.
 */
export function peerFilter(address: string): string {
  const hasPort = /^\[.*\]:\d+$/.test(address) || /^[^:]+:\d+$/.test(address);
  if (!hasPort) return `ip.addr == ${address}`;
  const literal = quote(address);
  return `src == ${literal} || dst == ${literal}`;
}

/** The messages of one type: `hobbits && message == HELLO`. */
export function messageTypeFilter(protocol: string, message: string): string {
  return `protocol == ${protocol} && message == ${quote(message)}`;
}
