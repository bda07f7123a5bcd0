import type { AesProvider } from '../core/aes';
import { readRlpHeader } from '../codecs/rlp';
import { bytesEqual, copyBytes } from '../core/bytes';
import type { ConnectionHost, DatagramDissector, Direction, StreamPosition } from '../core/dissector';
import { collectNotes, type Field } from '../core/field';
import { note, type Severity } from '../core/notes';
import { readEnrRecord } from '../enr';
import { readAuthdata } from './authdata';
import type { CaptureKnowledge } from './capture-knowledge';
import type { HeaderMasks, UnmaskedPacket } from './masking';
import { decodePlaintext, type PlaintextMessage } from './message-decoder';
import { decryptedMessage, maskedMessage, packetMessage, protocolText, talkContext } from './message-output';
import { discv5Declaration } from './messages-declaration';
import { NodesResponseSets } from './nodes-response';
import { DISCV5_NOTES } from './note-kinds';
import { AUTHDATA_START, FLAG, MIN_PACKET_SIZE } from './packet-layout';
import { noteOn, nodeText, readPacket, type ReadPacket } from './read-packet';
import { RecentNonces } from './recent-nonces';
import { openHandshake, openOrdinary, recallFacts, type Opened, type OpeningContext } from './session-opening';
import type { TalkProtocol } from './talk';
import { TalkRouter, type TalkOutcome } from './talk-routing';

export interface Discv5FlowOptions {
  aes: AesProvider;
  /** Shared by the protocol's flows: its ciphers serve every packet to the same node. */
  masks: HeaderMasks;
  talkProtocols: () => readonly TalkProtocol[];
  knowledge: CaptureKnowledge;
}

/** Masked datagrams kept per direction (a first contact needs two or three). */
const MASKED_KEPT = 16;

/**
 * One UDP flow of discv5 (sans-io: datagrams in, messages out through the host). Each datagram is unmasked with
 * the ids the capture and the keys named, its message decrypted with the session of its node pair (derived from a
 * handshake with the recipient's node key, or from a key log), and shown as its message; what cannot be read is
 * shown as its packet with a note naming what is missing.
 */
export class Discv5Flow implements DatagramDissector {
  /** Node id of the side sending in each direction, once a packet told it. */
  private readonly senders: [Uint8Array | null, Uint8Array | null] = [null, null];
  /** Directory size when unmasking a direction failed with every known id: no use retrying before it grows. */
  private readonly failedWith: [number, number] = [-1, -1];
  /** Frames of the latest packets by direction and nonce, so a WHOAREYOU can point at the packet it answers. */
  private readonly nonceFrames = new RecentNonces();
  /** Datagrams that did not unmask, per direction: a recipient id learned later reveals their handshake facts. */
  private readonly masked: [{ datagram: Uint8Array; frame: number }[], { datagram: Uint8Array; frame: number }[]] = [
    [],
    [],
  ];
  private readonly nodesSets = new NodesResponseSets();
  private readonly talk: TalkRouter;
  private readonly opening: OpeningContext;

  constructor(
    private readonly host: ConnectionHost,
    private readonly options: Discv5FlowOptions,
  ) {
    this.opening = { knowledge: options.knowledge, aes: options.aes, flow: this };
    this.talk = new TalkRouter(host, options.talkProtocols, (direction) => {
      const sender = this.senders[direction];
      return sender ? this.knowledge.nodes.node(sender)?.record?.pairs : undefined;
    });
  }

  private get knowledge(): CaptureKnowledge {
    return this.options.knowledge;
  }

  /** The flow ended (UDP has no FIN: the capture did): the carried protocols report what they still expected. */
  end(at: StreamPosition): void {
    this.talk.end(at);
  }

  datagram(direction: Direction, bytes: Uint8Array, at: StreamPosition): void {
    for (const problem of this.knowledge.begin(at.frame, this.host.keys)) {
      const text = `${problem.source}: ${problem.text}`;
      this.host.streamNote(direction, note('warning', DISCV5_NOTES.keyLogLine, text), at);
    }
    const datagram = copyBytes(bytes);
    const unmasked = this.unmask(direction, datagram);
    if (!unmasked) {
      this.keepMasked(direction, datagram, at);
      return;
    }
    this.learnNode(direction === 0 ? 1 : 0, unmasked.destId);
    const packet = readPacket(direction, datagram, unmasked, at);
    this.nonceFrames.record(direction, packet.nonce, at.frame);
    const authdata = readAuthdata(packet.flag, unmasked.packet, AUTHDATA_START, unmasked.headerEnd);
    if (typeof authdata === 'string') {
      noteOn(packet, 'error', packet.flag > FLAG.handshake ? DISCV5_NOTES.flag : DISCV5_NOTES.authdata, authdata);
      this.host.emit(direction, packetMessage(packet, 'ENCRYPTED'), at);
    } else if (authdata.flag === FLAG.whoareyou) {
      this.whoareyou(packet);
    } else {
      const sender = this.learnNode(direction, authdata.srcId);
      const opened =
        authdata.flag === FLAG.message
          ? openOrdinary(this.opening, packet, sender)
          : openHandshake(this.opening, packet, authdata);
      if (opened) this.message(packet, opened);
      else this.host.emit(direction, packetMessage(packet, 'ENCRYPTED'), at);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Unmasking: headers are masked with the recipient's node id

  /** The recipient is the node sending the other way: try its id first, then every id the capture named. */
  private unmask(direction: Direction, datagram: Uint8Array): UnmaskedPacket | null {
    const recipient = this.senders[direction === 0 ? 1 : 0];
    const known = recipient && this.options.masks.unmask(datagram, recipient);
    if (known) return known;
    const nodes = this.knowledge.nodes;
    if (this.failedWith[direction] === nodes.size) return null;
    const found = this.options.masks.findRecipient(datagram, nodes.ids());
    if (found) nodes.learnId(found.destId);
    else this.failedWith[direction] = nodes.size;
    return found;
  }

  /** Shows a datagram that did not unmask, and keeps it in case its recipient's id turns up later. */
  private keepMasked(direction: Direction, datagram: Uint8Array, at: StreamPosition): void {
    const kept = this.masked[direction];
    kept.push({ datagram, frame: at.frame });
    if (kept.length > MASKED_KEPT) kept.shift();
    const size = datagram.length;
    const other = this.senders[direction === 0 ? 1 : 0];
    const tried = other ? ` (including ${nodeText(other)}, which sends the other way: damaged, or not discv5?)` : '';
    const note =
      size < MIN_PACKET_SIZE
        ? {
            severity: 'error' as const,
            kind: DISCV5_NOTES.packetSize,
            text: `${size} bytes: shorter than the ${MIN_PACKET_SIZE} of the smallest packet`,
          }
        : {
            severity: 'warning' as const,
            kind: DISCV5_NOTES.unknownRecipient,
            text: `the header did not unmask with any of the ${this.knowledge.nodes.size} node ids known${tried}: needs the recipient's node id (its --node-key, a DISCV5 key-log line, or an ENR of it earlier in the capture)`,
          };
    this.host.emit(direction, maskedMessage(datagram, note), at);
  }

  /**
   * The node sending in `direction` is `id`. When that is news, datagrams sent to it that could not be unmasked
   * are read again, silently (they were shown already): a WHOAREYOU gives its challenge, a handshake tells whose
   * node key its session needs. This is how, with one node key, later packets can still name the missing key.
   * Returns the id array kept for the sender, the same packet after packet.
   */
  private learnNode(direction: Direction, id: Uint8Array): Uint8Array {
    const known = this.senders[direction];
    if (known && bytesEqual(known, id)) return known;
    this.senders[direction] = id;
    this.knowledge.nodes.learnId(id);
    const towards = this.masked[direction === 0 ? 1 : 0];
    for (let i = 0; i < towards.length;) {
      const unmasked = this.options.masks.unmask(towards[i]!.datagram, id);
      if (!unmasked) {
        i++;
        continue;
      }
      recallFacts(this.opening, unmasked, towards[i]!.frame);
      towards.splice(i, 1);
    }
    return id;
  }

  // -------------------------------------------------------------------------------------------------------------
  // WHOAREYOU: its challenge-data (masking-iv || unmasked header) goes into the keys of the handshake answering it

  private whoareyou(packet: ReadPacket): void {
    const { unmasked, direction } = packet;
    this.knowledge.sessions.addChallenge({
      initiatorId: unmasked.destId,
      challengeData: unmasked.packet.slice(0, unmasked.headerEnd),
      frame: packet.at.frame,
      flow: this,
    });
    const challenged = this.nonceFrames.frameOf(direction === 0 ? 1 : 0, packet.nonce);
    if (challenged !== undefined) packet.generated.push({ name: 'challenged-frame', value: challenged });
    const extra = packet.datagram.length - unmasked.headerEnd;
    if (extra > 0) {
      noteOn(
        packet,
        'warning',
        DISCV5_NOTES.messagePart,
        `a WHOAREYOU has no message, yet ${extra} bytes follow its header`,
      );
    }
    this.host.emit(direction, packetMessage(packet, 'WHOAREYOU'), packet.at);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Decrypted messages

  private message(packet: ReadPacket, opened: Opened): void {
    packet.decrypted = true;
    packet.generated.push({ name: 'session', value: opened.session.origin });
    const decoded = decodePlaintext(opened.plaintext);
    // collectNotes leaves lazy payloads unbuilt (they were checked clean): a TALK payload's hex is never made here
    const fieldNotes = decoded.fields.flatMap(collectNotes);
    const readable = ![...fieldNotes, ...(decoded.notes ?? [])].some((n) => n.severity === 'error');
    if (readable && (decoded.message === 'TALKREQ' || decoded.message === 'TALKRESP')) {
      if (this.carry(packet, opened.plaintext, decoded, fieldNotes.length === 0)) return;
    }
    const extra: Field[] = [];
    let responseParts: number | undefined;
    if (decoded.message === 'NODES') {
      this.learnRecords(decoded, opened.plaintext);
      responseParts = this.nodesSets.place(packet.direction, decoded, extra);
    } else if (decoded.requestId !== null && discv5Declaration.roleOf(decoded.message) === 'request') {
      this.nodesSets.requestSent(packet.direction, decoded.requestId);
    }
    const message = decryptedMessage(packet, decoded, opened.plaintext, extra);
    if (responseParts !== undefined && responseParts > 1) message.responseParts = responseParts;
    this.host.emit(packet.direction, message, packet.at);
  }

  /** Hands a TALKREQ/TALKRESP to the protocol it carries; false when it is shown as a discv5 message instead. */
  private carry(
    packet: ReadPacket,
    plaintext: Uint8Array,
    decoded: PlaintextMessage,
    fieldsNoteless: boolean,
  ): boolean {
    // The bytes of a field, read from the plaintext where it lies (its value is their hex).
    const value = (name: string): Uint8Array => {
      const field = decoded.fields.find((f) => f.name === name);
      if (field?.start === undefined || field.end === undefined) return new Uint8Array(0);
      const { payloadStart, payloadEnd } = readRlpHeader(plaintext, field.start, field.end);
      return plaintext.subarray(payloadStart, payloadEnd);
    };
    const context = talkContext(packet, plaintext, fieldsNoteless);
    const requestId = decoded.requestId ?? '0x';
    const { direction, at } = packet;
    const outcome =
      decoded.message === 'TALKREQ'
        ? this.talk.request(direction, requestId, value('protocol'), value('request'), context, at)
        : this.talk.response(direction, requestId, value('response'), context, at);
    if (outcome.handled) return true;
    noteTalk(decoded, outcome, value('protocol'));
    return false;
  }

  /** ENRs of NODES name nodes whose packets the capture may hold: learn their ids and keys. */
  private learnRecords(decoded: PlaintextMessage, plaintext: Uint8Array): void {
    const enrs = decoded.fields.find((f) => f.name === 'enrs');
    for (const enr of enrs?.children ?? []) {
      if (enr.encoding || enr.start === undefined || enr.end === undefined) continue;
      this.knowledge.nodes.learnRecord(readEnrRecord(plaintext, enr.start, enr.end));
    }
  }
}

/** Why a TALKREQ/TALKRESP is shown as discv5, as a note on it. */
function noteTalk(
  decoded: PlaintextMessage,
  outcome: Exclude<TalkOutcome, { handled: true }>,
  protocolId: Uint8Array,
): void {
  const notes = (decoded.notes ??= []);
  const add = (severity: Severity, kind: string, text: string) => notes.push({ severity, kind, text, field: null });
  if (outcome.why === 'unknown-protocol') {
    add(
      'info',
      DISCV5_NOTES.talkUnknownProtocol,
      `no decoder handles protocol ${protocolText(protocolId)}: the request stays raw`,
    );
  } else if (outcome.why === 'request-unseen') {
    const text = 'the TALKREQ this answers is not in the capture: its protocol is unknown, the response stays raw';
    add('info', DISCV5_NOTES.talkRequestUnseen, text);
  } else if (outcome.why === 'decoder-error') {
    const text = `the ${outcome.protocol} decoder failed on this payload (${outcome.error}): it stays raw`;
    add('error', DISCV5_NOTES.talkDecoderError, text);
  }
}
