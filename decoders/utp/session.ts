import type { Direction, StreamPosition } from '../core/dissector';
import { addNote, generatedLeaf, hexLeaf, type Field } from '../core/field';
import { note } from '../core/notes';
import type { TalkHost, TalkPayload, TalkSession } from '../discv5/talk';
import type { UtpConnection } from './connection';
import type { DataArrival } from './data-stream';
import { utpFlowState, type UtpFlowState } from './flow-state';
import { UTP_NOTES } from './note-kinds';
import { ST_DATA, ST_FIN, ST_RESET, ST_STATE, ST_SYN, type UtpHeader } from './packet-format';
import type { StreamEnding } from './stream-announcement';
import { talkResponseMessage, utpPacketMessage } from './utp-message';

/**
 * The uTP connections of one discv5 flow: every packet is emitted as a `utp` message with a generated `stream`
 * field saying which connection it belongs to, where its data sits in the reassembled stream, and, on the packet
 * that completes the data a Portal message announced, the content read from it (a byte source of its own).
 */
export class UtpSession implements TalkSession {
  private readonly flow: UtpFlowState;

  constructor(private readonly host: TalkHost) {
    this.flow = utpFlowState(host);
  }

  talk(direction: Direction, talk: TalkPayload, at: StreamPosition): void {
    this.flow.sweep(at);
    if (talk.kind === 'response') {
      const message = talkResponseMessage(talk.payload, talk.requestId);
      this.host.emit(direction, { ...message, sources: talk.sources }, at);
      return;
    }
    const packet = utpPacketMessage(talk.payload, talk.requestId);
    const sources = [...talk.sources];
    if (packet.header && packet.payload) {
      const { connection, created } = this.flow.connectionFor(direction, packet.header, at);
      const stream = this.track(connection, direction, packet.header, packet.payload, packet.decoded.tree);
      if (created && !connection.announcement) {
        addNote(
          stream,
          'warning',
          UTP_NOTES.unannounced,
          `no Portal Content or Accept on this flow announced connection id ${connection.connectionId ?? packet.header.connectionId}`,
        );
      }
      const read = this.readIfDone(connection, packet.header);
      if (read) {
        stream.children!.push(read.field);
        sources.push({ name: read.source, bytes: read.bytes });
      }
      packet.decoded.tree.children!.push(stream);
      connection.releaseFinished();
    }
    this.host.emit(direction, { ...packet.decoded, sources }, at);
  }

  /** The flow ended (end of capture): streams that never appeared, and announced data left incomplete. */
  end(at: StreamPosition): void {
    this.flow.end(at);
    for (const c of this.flow.connections) {
      const a = c.announcement;
      if (!a || c.contentRead) continue;
      const data = c.data[a.dataSender];
      const missing = data.missing;
      const text =
        `uTP stream ${a.connectionId} ended without its data complete (${data.length} bytes in order` +
        (missing > 0 ? `, ${missing} packets missing)` : ', no FIN)');
      this.host.streamNote(a.dataSender, note('warning', UTP_NOTES.reset, text), at);
    }
  }

  /** Updates the connection with one packet and describes it: the generated `stream` field. */
  private track(c: UtpConnection, direction: Direction, h: UtpHeader, payload: Uint8Array, tree: Field): Field {
    const stream: Field = { name: 'stream', shape: 'struct', generated: true, children: [] };
    const role = c.roleOf(direction);
    stream.children!.push(
      generatedLeaf('connection_id', c.connectionId, connectionText(c)),
      generatedLeaf('sender', role, role ? `${role} (${roleText(role)})` : 'not known yet (no SYN or announcement)'),
    );
    if (c.announcement) {
      stream.children!.push(generatedLeaf('announced_by', c.announcement.requestIndex, c.announcement.description));
    }
    if (h.type === ST_SYN) {
      if (c.synSeq !== null && c.synSeq !== h.seqNr) {
        addNote(stream, 'warning', UTP_NOTES.repeatedSyn, `a second ST_SYN (seq_nr ${h.seqNr}, first ${c.synSeq})`);
      }
      c.synSeq ??= h.seqNr;
      c.data[direction].startAt((h.seqNr + 1) & 0xffff);
    } else if (h.type === ST_STATE && c.roleOf(direction) === 'acceptor' && h.ackNr === c.synSeq && !c.synAcked) {
      c.synAcked = true;
      c.data[direction].startNoEarlierThan(h.seqNr);
      stream.children!.push(generatedLeaf('syn_ack', true, 'acknowledges the ST_SYN: the connection is set up'));
    } else if (h.type === ST_STATE && c.data[direction === 0 ? 1 : 0].finSeq === h.ackNr) {
      c.data[direction === 0 ? 1 : 0].finAcknowledged();
      stream.children!.push(generatedLeaf('fin_ack', true, 'acknowledges the other side’s ST_FIN'));
    } else if (h.type === ST_DATA) {
      const arrival = c.data[direction].add(h.seqNr, payload);
      describeArrival(stream, arrival, h.seqNr, tree);
    } else if (h.type === ST_FIN) {
      c.data[direction].fin(h.seqNr);
      const data = c.data[direction];
      stream.children!.push(
        generatedLeaf(
          'data_length',
          data.length,
          data.complete
            ? `${data.length} bytes, complete`
            : `${data.length} bytes in order, ${data.missing} packets missing`,
        ),
      );
    } else if (h.type === ST_RESET) {
      c.reset = true;
    }
    return stream;
  }

  /** Reads the announced content once it is complete (or the connection was reset), on the packet that did it. */
  private readIfDone(c: UtpConnection, h: UtpHeader): { field: Field; source: string; bytes: Uint8Array } | null {
    const a = c.announcement;
    if (c.contentRead) return null;
    const sender = a ? a.dataSender : null;
    const candidates: Direction[] = sender === null ? [0, 1] : [sender];
    for (const d of candidates) {
      const data = c.data[d];
      let ending: StreamEnding | null = null;
      if (data.complete) ending = 'fin';
      else if (a && data.length > 0 && a.reader.isComplete(data.bytes)) ending = 'complete';
      else if (h.type === ST_RESET && a) ending = 'reset';
      // Without an announcement nothing says what the data is: it is shown as bytes once the sender finished.
      if (ending === null || (!a && (ending !== 'fin' || data.length === 0))) continue;
      c.markContentRead();
      data.frozen = true;
      const bytes = data.bytes;
      const field = a ? a.reader.read(bytes, ending) : hexLeaf('data', bytes, 0, bytes.length);
      if (ending === 'reset') {
        addNote(field, 'warning', UTP_NOTES.reset, `the connection was reset after ${bytes.length} bytes of data`);
      }
      if (data.startedAfterFloor) {
        const text =
          'the data starts one after the SYN-ACK’s seq_nr: numbered from there, or its first packet was not captured';
        addNote(field, 'info', UTP_NOTES.startAfterSynAck, text);
      }
      field.source = c.sourceName(d);
      return { field, source: field.source, bytes };
    }
    return null;
  }
}

function describeArrival(stream: Field, arrival: DataArrival, seq: number, tree: Field): void {
  const children = stream.children!;
  switch (arrival.kind) {
    case 'delivered':
      children.push(
        generatedLeaf('stream_offset', arrival.offset, `bytes from offset ${arrival.offset} of the stream`),
      );
      return;
    case 'held':
      children.push(generatedLeaf('stream_offset', null, `out of order: waits for seq_nr ${arrival.waitingFor}`));
      return;
    case 'retransmission':
      children.push(generatedLeaf('stream_offset', arrival.offset, 'a retransmission: these bytes arrived before'));
      addNote(tree, 'info', UTP_NOTES.retransmission, `seq_nr ${seq} again, same bytes`);
      return;
    case 'conflict':
      children.push(generatedLeaf('stream_offset', arrival.offset, 'seq_nr already received with other bytes'));
      addNote(tree, 'error', UTP_NOTES.conflict, `seq_nr ${seq} again with different bytes: the first copy is kept`);
      return;
    case 'after-fin':
      addNote(
        tree,
        'warning',
        UTP_NOTES.afterFin,
        `seq_nr ${seq} is at or after the sender's ST_FIN (${arrival.finSeq})`,
      );
      return;
    case 'before-start':
      addNote(
        tree,
        'warning',
        UTP_NOTES.beforeStart,
        `seq_nr ${seq} is before the stream's first packet (${arrival.start})`,
      );
      return;
    case 'after-close':
      addNote(tree, 'info', UTP_NOTES.afterClose, `seq_nr ${seq} arrived after the stream was read and closed`);
      return;
  }
}

function connectionText(c: UtpConnection): string {
  if (c.connectionId === null || c.initiator === null) return 'roles not known yet';
  return `acceptor sends ${c.connectionId}, initiator ${(c.connectionId + 1) & 0xffff} (ST_SYN ${c.connectionId})`;
}

function roleText(role: 'initiator' | 'acceptor'): string {
  return role === 'initiator' ? 'opened the connection' : 'accepted the connection';
}
