import { TcpdumpRecording } from './tcpdump-recording';

/**
 * tcpdump on one loopback port around `run`, which opens and ends one connection: the recording starts once tcpdump
 * says it is listening and stops only when the file holds both directions' FIN (or RST), so nothing is cut off.
 * tcpdump is stopped whatever happens.
 */
export async function recordConnection<T>(
  capture: string,
  port: number,
  run: () => Promise<T>,
): Promise<{ result: T; tcpdumpStatistics: string }> {
  const tcpdump = await TcpdumpRecording.start(capture, port);
  let stopped = false;
  try {
    const result = await run();
    await tcpdump.waitForConnectionEnd();
    stopped = true;
    return { result, tcpdumpStatistics: await tcpdump.stop() };
  } finally {
    if (!stopped) await tcpdump.stop();
  }
}

/** What each side sent, in order, to hold the capture's decoding against. */
export interface SentMessage {
  /** The sending side's label in its session (`peerscope`, `ethereumjs`, `stateless`, …). */
  by: string;
  protocol: string;
  message: string;
  /** Capability-relative code; null for the handshake packets and base-protocol messages. */
  code: number | null;
  /** The message data as sent, before snappy (capability messages only). */
  payload: Uint8Array | null;
  /** Field values the decoding must show (a subset of `inspect --json` fields). */
  fields?: Record<string, unknown>;
}

/** A base-protocol message or handshake packet, known by name only. */
export function p2pSent(by: string, message: string): SentMessage {
  return { by, protocol: 'p2p', message, code: null, payload: null };
}
