/**
 * A capture of many small messages for the view benchmark: Hobbits GET_STATUS requests and their answers (each a
 * ~90-byte message with a request id), pipelined ten at a time on a few dozen TCP connections interleaved, so a
 * million messages fit in about 150 MB and every message has protocol fields to filter on.
 */
import { hobbits } from '../../decoders/hobbits';
import { CaptureFileStream } from '../support/capture-file-stream';
import { PcapWriter } from '../support/capture-writer';
import { ipPacket, linkFrame, PROTO_TCP, TCP_FLAGS, tcpSegment } from '../support/packet-builder';

const ETHERNET = 1;
/** Request ids cycle through this many (each is answered before it comes round again). */
const IDS = 1000;
const PIPELINE = 10;

export interface SmallMessagesParams {
  messages: number;
  connections: number;
  seed?: number;
}

interface Side {
  ip: string;
  port: number;
  seq: number;
}

function encodeStatus(id: number): Uint8Array {
  return hobbits.encodeMessage({
    message: 'GET_STATUS',
    fields: {
      header: { id },
      body: { body: { user_agent: '0x7065657273636f70652d62656e6368', timestamp: 1_600_000_000_000 + id } },
    },
  });
}

/** Writes the capture; returns how many messages it holds. */
export function generateSmallMessagesCapture(path: string, params: SmallMessagesParams): number {
  const templates = Array.from({ length: IDS }, (_, id) => encodeStatus(id));
  const file = new CaptureFileStream(path);
  const writer = new PcapWriter({ linkType: ETHERNET });
  file.write(writer.header());
  let time = 1_700_000_000;
  const packet = (from: Side, to: Side, flags: number, payload: Uint8Array, ack: number) => {
    const ep = { src: from.ip, dst: to.ip };
    const segment = tcpSegment(ep, { srcPort: from.port, dstPort: to.port, seq: from.seq, ack, flags, payload });
    time += 0.000013;
    file.write(writer.record({ time, data: linkFrame(ETHERNET, ipPacket(ep, PROTO_TCP, segment)) }));
    from.seq = (from.seq + payload.length + (flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN) ? 1 : 0)) >>> 0;
  };
  const conversations = Array.from({ length: params.connections }, (_, c) => {
    const client: Side = { ip: `10.0.${c >> 8}.${(c & 255) + 1}`, port: 40000 + c, seq: 1000 + c };
    const server: Side = { ip: '10.1.0.1', port: 9100, seq: 900000 + c };
    packet(client, server, TCP_FLAGS.SYN, new Uint8Array(0), 0);
    packet(server, client, TCP_FLAGS.SYN | TCP_FLAGS.ACK, new Uint8Array(0), client.seq);
    packet(client, server, TCP_FLAGS.ACK, new Uint8Array(0), server.seq);
    return { client, server, next: 0 };
  });
  let written = 0;
  for (let round = 0; written < params.messages; round++) {
    for (const c of conversations) {
      if (written >= params.messages) break;
      const batch = Math.min(PIPELINE, Math.ceil((params.messages - written) / 2));
      const ids = Array.from({ length: batch }, (_, k) => (c.next + k) % IDS);
      c.next = (c.next + batch) % IDS;
      const requests = concat(ids.map((id) => templates[id]!));
      packet(c.client, c.server, TCP_FLAGS.ACK | TCP_FLAGS.PSH, requests, c.server.seq);
      packet(c.server, c.client, TCP_FLAGS.ACK | TCP_FLAGS.PSH, requests, c.client.seq);
      written += 2 * batch;
    }
  }
  for (const c of conversations) {
    packet(c.client, c.server, TCP_FLAGS.FIN | TCP_FLAGS.ACK, new Uint8Array(0), c.server.seq);
    packet(c.server, c.client, TCP_FLAGS.FIN | TCP_FLAGS.ACK, new Uint8Array(0), c.client.seq);
  }
  file.close();
  return written;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
