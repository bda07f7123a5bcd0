/**
 * A capture with as many messages as asked for, to see the message list cope with a million rows: Hobbits PING/PONG
 * exchanges (49-byte messages, many to a TCP segment) on a few interleaved connections, written as classic pcap.
 */
import { hobbits } from '../../../decoders/hobbits';
import { CaptureFileStream } from '../../support/capture-file-stream';
import { PcapWriter } from '../../support/capture-writer';
import { LINK } from '../../support/packet-builder';
import { TcpConversation } from '../../support/tcp-conversation';

const MESSAGES_PER_SEGMENT = 24;
const CONNECTIONS = 4;

const TEMPLATES = {
  PING: hobbits.encodeMessage({ message: 'PING', fields: { body: `0x${'00'.repeat(32)}` } }),
  PONG: hobbits.encodeMessage({ message: 'PONG', fields: { body: `0x${'00'.repeat(32)}` } }),
};

/** A PING or PONG whose 32-byte body starts with `n`: the encoded template with its body's first bytes set. */
function pingFrame(word: 'PING' | 'PONG', n: number): Uint8Array {
  const frame = TEMPLATES[word].slice();
  new DataView(frame.buffer).setUint32(frame.length - 32, n);
  return frame;
}

/** PING/PONG rounds of one connection: each round a segment of PINGs answered by a segment of PONGs. */
function conversation(index: number, rounds: number): TcpConversation {
  const tcp = new TcpConversation({
    client: { ip: `10.0.0.${index + 2}`, port: 40000 + index },
    server: { ip: '10.0.0.1', port: 9000 },
    startTime: 1_700_000_000 + index * 0.0001,
    timeStep: 0.0005,
    mss: 1448,
  });
  tcp.handshake();
  for (let round = 0; round < rounds; round++) {
    const numbers = Array.from({ length: MESSAGES_PER_SEGMENT / 2 }, (_, i) => round * MESSAGES_PER_SEGMENT + i);
    tcp.send('client', Buffer.concat(numbers.map((n) => pingFrame('PING', n))), { ackEvery: 0 });
    tcp.send('server', Buffer.concat(numbers.map((n) => pingFrame('PONG', n))), { ackEvery: 0 });
  }
  return tcp.close();
}

/** Writes the capture to `path`; returns how many messages it holds (at least `messages`). */
export function writeLargeCapture(path: string, messages: number): number {
  const rounds = Math.ceil(messages / MESSAGES_PER_SEGMENT / CONNECTIONS);
  const writer = new PcapWriter({ linkType: LINK.ETHERNET });
  const file = new CaptureFileStream(path);
  file.write(writer.header());
  const frames = Array.from({ length: CONNECTIONS }, (_, i) => conversation(i, rounds).frames(LINK.ETHERNET));
  // Interleave the connections frame by frame, in time order.
  const all = frames.flat().sort((a, b) => a.time - b.time);
  for (const frame of all) file.write(writer.record(frame));
  file.close();
  return rounds * MESSAGES_PER_SEGMENT * CONNECTIONS;
}
