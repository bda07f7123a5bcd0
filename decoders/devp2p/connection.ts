import { bytesEqual, concatBytes, copyBytes } from '../core/bytes';
import type { ConnectionDissector, ConnectionHost, Direction, StreamPosition } from '../core/dissector';
import { addNote, fieldsJson } from '../core/field';
import type { DecodedMessage } from '../core/message';
import { note } from '../core/notes';
import { StreamBuffer } from '../core/stream-buffer';
import type { AesProvider } from './aes';
import type { Capability } from './capability';
import { CapabilityRouter } from './capability-router';
import { encryptedMessage, type OpaqueReason } from './encrypted-message';
import { FRAME_HEAD_LENGTH, FrameOpener } from './frame-cipher';
import { frameMessage, resolvePayload, type OpenedFrame } from './frame-message';
import { FrameReader } from './frame-reader';
import type { HandshakeFormat, HandshakePacketKind } from './handshake-format';
import { handshakeMessage, type OpenedHandshake } from './handshake-message';
import { classifyHandshakePacket, eciesKeyOf } from './handshake-packet';
import { helloInfoOf, type HelloInfo } from './hello-info';
import { lookupRlpxKey, type RlpxKeyLookup } from './keylog';
import { RLPX_NOTES } from './note-kinds';
import { BASE_PROTOCOL_LENGTH, MAX_HELLO_SIZE, P2P_CODES } from './p2p-declaration';
import { splitMessageId } from './p2p-messages';
import { initialFrameMac, type Role } from './secrets';
import { UNCOMPRESSED_KEY_LENGTH } from './secp256k1-keys';

/** handshake → (key and both packets known) → frames; or opaque: shown undecrypted from some point on. */
type Phase = 'handshake' | 'awaiting-keys' | 'frames' | 'opaque';

interface DirectionState {
  buffer: StreamBuffer;
  phase: Phase;
  /** Why this direction's bytes are shown undecrypted: `first` on the first such message, `later` on the others. */
  opaque: { first: OpaqueReason; later: OpaqueReason; emitted: boolean } | null;
  reader: FrameReader | null;
  /** Base-protocol messages decoded so far (the first must be Hello). */
  messages: number;
  hello: HelloInfo | null;
}

interface CapturedPacket {
  format: HandshakeFormat;
  bytes: Uint8Array;
}

/**
 * The RLPx dissector of one TCP connection; the side that speaks first is the initiator. Its auth and the
 * recipient's ack are shown as messages; the key-log entry named by the auth's ECIES key gives both directions'
 * frame cipher and MAC, and then every frame is MAC-checked, decrypted, its p2p message decoded, and capability
 * messages are handed to their Capability sessions at the negotiated offsets. Without a key, after a MAC mismatch
 * or after a capture gap (the MAC state is lost with the missing bytes), a direction's bytes are `Encrypted`
 * messages, one per burst of stream data.
 */
export class RlpxConnection implements ConnectionDissector {
  private initiator: Direction | null = null;
  private readonly directions: [DirectionState, DirectionState] = [newDirection(), newDirection()];
  private auth: CapturedPacket | null = null;
  private ack: CapturedPacket | null = null;
  private openedAuth: OpenedHandshake | null = null;
  private keyLookup: RlpxKeyLookup = { kind: 'missing' };
  /** KeyStore version of the last lookup: a miss is retried once keys were added (a later secrets block). */
  private keyVersion = -1;
  private readonly router: CapabilityRouter;

  constructor(
    private readonly host: ConnectionHost,
    private readonly aes: AesProvider,
    capabilities: readonly Capability[],
  ) {
    this.router = new CapabilityRouter(
      host,
      capabilities,
      (d) => this.directions[d].hello?.nodeId ?? this.identityOf(d),
    );
  }

  data(direction: Direction, bytes: Uint8Array, at: StreamPosition): void {
    this.initiator ??= direction;
    const s = this.directions[direction];
    if (s.phase === 'opaque') return this.emitOpaque(direction, copyBytes(bytes), at);
    s.buffer.append(bytes);
    this.process(direction, at);
  }

  gap(direction: Direction, length: number, at: StreamPosition): void {
    this.initiator ??= direction;
    const s = this.directions[direction];
    const lost = `${length} bytes not captured: the frame MAC state is lost, decryption of this direction stops`;
    if (s.phase === 'opaque') {
      this.host.streamNote(direction, note('warning', RLPX_NOTES.gap, `${length} bytes not captured`), at);
    } else if (s.phase === 'handshake') {
      const kind = this.kindOf(direction);
      if (s.buffer.length > 0)
        this.emitPartialHandshake(direction, `a capture gap of ${length} bytes cut it short`, at);
      this.makeOpaque(direction, reason('error', RLPX_NOTES.gap, `${lost} (inside the ${kind})`));
    } else {
      this.makeOpaque(direction, reason('error', RLPX_NOTES.gap, lost));
      if (this.hasPending(direction)) return this.flushAsOpaque(direction, at);
      // Nothing of this direction is waiting: the note goes on its next message (or to the stream's notes).
      this.host.streamNote(direction, note('error', RLPX_NOTES.gap, lost), at);
      s.opaque!.emitted = true;
    }
  }

  end(direction: Direction, at: StreamPosition): void {
    const s = this.directions[direction];
    if (!this.hasPending(direction)) return;
    if (s.phase === 'handshake') return this.emitPartialHandshake(direction, 'the direction ended inside it', at);
    if (s.phase === 'awaiting-keys') {
      this.makeOpaque(direction, noKey("the other side's handshake packet was never captured"));
    } else if (s.phase === 'frames') {
      const arrived = s.buffer.length + (s.reader!.pendingHead ? FRAME_HEAD_LENGTH : 0);
      this.makeOpaque(
        direction,
        reason('warning', RLPX_NOTES.truncated, `the direction ended inside a frame (${arrived} bytes of it arrived)`),
      );
    }
    this.flushAsOpaque(direction, at);
  }

  private process(direction: Direction, at: StreamPosition): void {
    const s = this.directions[direction];
    if (s.phase === 'handshake') this.readHandshake(direction, at);
    if (s.phase === 'awaiting-keys') this.useKeys(direction);
    if (s.phase === 'frames') this.readFrames(direction, at);
    if (s.phase === 'opaque' && s.buffer.length > 0) this.flushAsOpaque(direction, at);
  }

  private kindOf(direction: Direction): HandshakePacketKind {
    return direction === this.initiator ? 'auth' : 'ack';
  }

  private hasPending(direction: Direction): boolean {
    const s = this.directions[direction];
    return s.buffer.length > 0 || !!s.reader?.pendingHead;
  }

  private readHandshake(direction: Direction, at: StreamPosition): void {
    const s = this.directions[direction];
    const kind = this.kindOf(direction);
    const found = classifyHandshakePacket(s.buffer.bytes, kind, (format) => this.keyNames(format, s.buffer.bytes));
    if (found.kind === 'need-more') return;
    if (found.kind === 'invalid') {
      const text = `no ${kind} packet at the start of the stream (${found.reason}): capture started mid-connection, or not RLPx`;
      return this.makeOpaque(direction, reason('error', RLPX_NOTES.handshakeMissing, text));
    }
    if (s.buffer.length < found.length) return;
    const packet: CapturedPacket = { format: found.format, bytes: s.buffer.take(found.length) };
    if (kind === 'auth') {
      this.auth = packet;
      this.keyLookup = this.lookupKey();
    } else this.ack = packet;
    const shown = handshakeMessage(
      this.aes,
      kind,
      packet.format,
      packet.bytes,
      this.host.keys,
      kind === 'auth' ? this.keyLookup : null,
    );
    if (kind === 'auth') this.openedAuth = shown.opened;
    this.host.emit(direction, shown.message, at);
    s.phase = 'awaiting-keys';
    // The initiator's first frames may be waiting for this ack.
    const other: Direction = direction === 0 ? 1 : 0;
    if (kind === 'ack' && this.directions[other].phase === 'awaiting-keys') this.process(other, at);
  }

  /** Whether a key-log entry names the ECIES key this reading of the packet would have (tells the formats apart). */
  private keyNames(format: HandshakeFormat, bytes: Uint8Array): boolean {
    const key = eciesKeyOf(format, bytes);
    return key.length === UNCOMPRESSED_KEY_LENGTH && lookupRlpxKey(this.host.keys, key).kind === 'found';
  }

  private lookupKey(): RlpxKeyLookup {
    this.keyVersion = this.host.keys.version;
    return this.auth
      ? lookupRlpxKey(this.host.keys, eciesKeyOf(this.auth.format, this.auth.bytes))
      : { kind: 'missing' };
  }

  /** Between the handshake packet and the first frame: open the direction's frames once key and packets are known. */
  private useKeys(direction: Direction): void {
    const s = this.directions[direction];
    if (s.buffer.length === 0) return;
    if (this.keyLookup.kind !== 'found' && this.keyVersion !== this.host.keys.version)
      this.keyLookup = this.lookupKey();
    const lookup = this.keyLookup;
    if (!this.auth)
      return this.makeOpaque(
        direction,
        noKey('the auth packet was not captured whole, so no key-log entry can be found'),
      );
    if (lookup.kind === 'invalid')
      return this.makeOpaque(direction, noKey(`the RLPX entry ${lookup.source} is unusable (${lookup.reason})`));
    if (lookup.kind === 'missing') {
      const key = eciesKeyOf(this.auth.format, this.auth.bytes);
      return this.makeOpaque(
        direction,
        noKey(`no RLPX key-log entry for auth ECIES key ${shortHex(key)}; frame sizes cannot be read`),
      );
    }
    if (!this.ack) return; // the initiator's frames wait for the ack: it precedes them on the wire
    const role: Role = direction === this.initiator ? 'initiator' : 'recipient';
    const mac = initialFrameMac(this.aes, lookup.secrets, role, { auth: this.auth.bytes, ack: this.ack.bytes });
    s.reader = new FrameReader(new FrameOpener(this.aes, lookup.secrets.aesSecret, mac));
    s.phase = 'frames';
  }

  private readFrames(direction: Direction, at: StreamPosition): void {
    const s = this.directions[direction];
    for (;;) {
      const step = s.reader!.next(s.buffer);
      if (step.kind === 'need-more') return;
      if (step.kind === 'failed') {
        this.makeOpaque(direction, step.reason);
        return this.flushAsOpaque(direction, at);
      }
      this.handleFrame(direction, step.frame, at);
    }
  }

  private handleFrame(direction: Direction, frame: OpenedFrame, at: StreamPosition): void {
    const frameData = frame.clear.subarray(FRAME_HEAD_LENGTH, FRAME_HEAD_LENGTH + frame.size);
    const { code, payload } = splitMessageId(frameData);
    if (code === null) {
      return this.host.emit(
        direction,
        frameMessage(frame, null, 0, { data: payload, compressed: false, notes: [] }),
        at,
      );
    }
    const codeLength = frameData.length - payload.length;
    const resolved = resolvePayload(payload, code !== P2P_CODES.Hello && this.snappyOn());
    if (code >= BASE_PROTOCOL_LENGTH) {
      return this.router.route(direction, { frame, code, codeLength, payload: resolved }, at);
    }
    const message = frameMessage(frame, code, codeLength, resolved);
    this.checkBaseMessage(direction, message, payload.length);
    this.directions[direction].messages++;
    this.host.emit(direction, message, at);
  }

  /** Snappy is on once both Hellos were seen and both announce version 5 or later (rlpx.md §5.1). */
  private snappyOn(): boolean {
    const [a, b] = this.directions;
    return !!a.hello && !!b.hello && a.hello.protocolVersion >= 5 && b.hello.protocolVersion >= 5;
  }

  /** Hello first, its size, its node id against the handshake's; both Hellos known → capabilities negotiated. */
  private checkBaseMessage(direction: Direction, message: DecodedMessage, wireLength: number): void {
    const s = this.directions[direction];
    const tree = message.tree;
    if (s.messages === 0 && message.message !== 'Hello' && message.message !== 'Disconnect') {
      addNote(
        tree,
        'warning',
        RLPX_NOTES.helloFirst,
        `the first message of this side is ${message.message}, not Hello`,
      );
    }
    if (message.message !== 'Hello' || s.hello) return;
    if (wireLength > MAX_HELLO_SIZE) {
      addNote(
        tree,
        'warning',
        RLPX_NOTES.helloSize,
        `Hello of ${wireLength} bytes (geth refuses above ${MAX_HELLO_SIZE})`,
      );
    }
    const hello = helloInfoOf(fieldsJson(tree));
    if (!hello) return;
    s.hello = hello;
    const expected = this.identityOf(direction);
    if (expected && !bytesEqual(expected, hello.nodeId)) {
      addNote(tree, 'error', RLPX_NOTES.helloIdentity, 'nodeId differs from the identity in the handshake');
    }
    const [a, b] = this.directions;
    if (a.hello && b.hello) this.router.negotiate(a.hello.capabilities, b.hello.capabilities, this.initiator ?? 0);
  }

  /** The node id the handshake revealed for the side sending in `direction` (a node key must have opened the auth). */
  private identityOf(direction: Direction): Uint8Array | undefined {
    if (!this.openedAuth) return undefined;
    return direction === this.initiator ? this.openedAuth.initiatorId : this.openedAuth.recipientId;
  }

  private makeOpaque(direction: Direction, why: OpaqueReason): void {
    const s = this.directions[direction];
    if (s.phase === 'opaque') return;
    s.phase = 'opaque';
    const stopped = reason(
      'info',
      RLPX_NOTES.stopped,
      `not decrypted: decryption of this direction stopped earlier (${why.kind})`,
    );
    s.opaque = { first: why, later: why.kind === RLPX_NOTES.noKey ? why : stopped, emitted: false };
  }

  /** Everything still buffered in an opaque direction (an opened frame's head included) as one Encrypted message. */
  private flushAsOpaque(direction: Direction, at: StreamPosition): void {
    const s = this.directions[direction];
    const head = s.reader?.pendingHead;
    s.reader?.drop();
    const bytes = concatBytes(head ? [head, s.buffer.bytes] : [s.buffer.bytes]);
    s.buffer.skip(s.buffer.length);
    if (bytes.length > 0) this.emitOpaque(direction, bytes, at);
  }

  private emitOpaque(direction: Direction, bytes: Uint8Array, at: StreamPosition): void {
    const opaque = this.directions[direction].opaque!;
    const why = opaque.emitted ? opaque.later : opaque.first;
    opaque.emitted = true;
    this.host.emit(direction, encryptedMessage(bytes, [why]), at);
  }

  /** What arrived of a handshake packet that never completed, shown as far as it reads. */
  private emitPartialHandshake(direction: Direction, why: string, at: StreamPosition): void {
    const s = this.directions[direction];
    const kind = this.kindOf(direction);
    const bytes = s.buffer.take(s.buffer.length);
    const found = classifyHandshakePacket(bytes, kind);
    const format: HandshakeFormat = found.kind === 'packet' ? found.format : 'eip8';
    const shown = handshakeMessage(this.aes, kind, format, bytes, this.host.keys, null);
    addNote(shown.message.tree, 'error', RLPX_NOTES.handshakeTruncated, `incomplete ${kind}: ${why}`);
    this.host.emit(direction, shown.message, at);
  }
}

function newDirection(): DirectionState {
  return { buffer: new StreamBuffer(), phase: 'handshake', opaque: null, reader: null, messages: 0, hello: null };
}

function reason(severity: OpaqueReason['severity'], kind: string, text: string): OpaqueReason {
  return { severity, kind, text };
}

function noKey(why: string): OpaqueReason {
  return reason('info', RLPX_NOTES.noKey, `encrypted, no key: ${why}`);
}

function shortHex(bytes: Uint8Array): string {
  const hex = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex}…`;
}
