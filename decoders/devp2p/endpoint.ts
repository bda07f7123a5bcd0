import { RLP } from '@ethereumjs/rlp';
import { bytesEqual, concatBytes, toHex } from '../core/bytes';
import { encodeValue } from '../core/codec';
import { fieldsJson } from '../core/field';
import { StreamBuffer } from '../core/stream-buffer';
import type { AesProvider } from './aes';
import {
  capabilityLengths,
  capabilityOfCode,
  negotiateCapabilities,
  type AdvertisedCapability,
  type CapabilityLength,
  type NegotiatedCapability,
} from './capabilities';
import { FRAME_HEAD_LENGTH, FrameOpener, FrameSealer, MAX_FRAME_SIZE } from './frame-cipher';
import { FrameReader } from './frame-reader';
import { MAX_EIP8_SIZE, type HandshakeFormat } from './handshake-format';
import type { HandshakeRandomness } from './handshake-packet';
import {
  answerAuth,
  findIncomingPacket,
  HandshakeError,
  makeAuth,
  readAck,
  type CompletedHandshake,
  type PendingAuth,
} from './handshake';
import { helloInfoOf, type HelloInfo } from './hello-info';
import { formatRlpxKeyLogLine } from './keylog';
import { BASE_PROTOCOL_LENGTH, disconnectBody, helloBody, MAX_HELLO_SIZE, P2P_CODES } from './p2p-declaration';
import { decodeP2pMessage, splitMessageId } from './p2p-messages';
import { systemRandomness } from './randomness';
import { initialFrameMac, otherRole, type Role, type SessionSecrets } from './secrets';
import { isValidPrivateKey, nodeIdOf } from './secp256k1-keys';
import { MAX_DECOMPRESSED_SIZE, snappyCompress, snappyDecompress } from './snappy';

/** The p2p version Peerscope speaks (snappy from 5). */
export const P2P_VERSION = 5;

export interface RlpxEndpointOptions {
  aes: AesProvider;
  /** Our static node key. */
  privateKey: Uint8Array;
  role: Role;
  /** The initiator's target: the node id it dials. */
  remoteId?: Uint8Array;
  /** Handshake packet format the initiator sends (the recipient answers in the auth's format). Default `eip8`. */
  format?: HandshakeFormat;
  hello: { clientId: string; capabilities: AdvertisedCapability[]; listenPort: number; protocolVersion?: number };
  /** Message-id counts of capabilities, for the offsets (default: the well-known table). */
  capabilityLength?: CapabilityLength;
  random?: HandshakeRandomness;
}

/** Commands for the transport and events for the application, in the order they happen (sans-io). */
export type RlpxOutput =
  | { type: 'send'; bytes: Uint8Array }
  | { type: 'close' }
  | {
      type: 'handshake';
      format: HandshakeFormat;
      secrets: SessionSecrets;
      authEciesKey: Uint8Array;
      remoteId: Uint8Array;
      /** The session's RLPX key-log line (KEYLOG.md). */
      keyLogLine: string;
    }
  | { type: 'hello'; hello: HelloInfo; capabilities: NegotiatedCapability[] }
  | { type: 'ping' }
  | { type: 'pong' }
  | { type: 'message'; capability: NegotiatedCapability; code: number; payload: Uint8Array }
  | { type: 'disconnected'; by: 'local' | 'remote' | 'transport'; reason: number | null }
  | { type: 'error'; error: string };

type State = 'idle' | 'awaiting-auth' | 'awaiting-ack' | 'open' | 'closed';

/**
 * An RLPx endpoint without I/O, in mitmproxy's manner: bytes and calls in, `send`/`close` commands and events out.
 * It runs the handshake in either role and format, exchanges Hello, negotiates capabilities, answers Ping, uses
 * snappy once both Hellos say version ≥ 5, and frames capability messages at their offsets.
 */
export class RlpxEndpoint {
  private state: State = 'idle';
  private readonly inbox = new StreamBuffer();
  private readonly random: HandshakeRandomness;
  private readonly lengthOf: CapabilityLength;
  private pendingAuth: PendingAuth | null = null;
  private sealer: FrameSealer | null = null;
  private reader: FrameReader | null = null;
  private snappy = false;
  private negotiated: NegotiatedCapability[] = [];
  /** The completed handshake (secrets, packets), once there is one. */
  handshake: CompletedHandshake | null = null;
  remoteHello: HelloInfo | null = null;

  constructor(private readonly options: RlpxEndpointOptions) {
    if (!isValidPrivateKey(options.privateKey)) throw new RangeError('not a valid secp256k1 private key');
    if (options.role === 'initiator' && !options.remoteId)
      throw new RangeError('an initiator needs the remote node id');
    this.random = options.random ?? systemRandomness;
    this.lengthOf = options.capabilityLength ?? capabilityLengths();
  }

  get nodeId(): Uint8Array {
    return nodeIdOf(this.options.privateKey);
  }

  get capabilities(): readonly NegotiatedCapability[] {
    return this.negotiated;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Begins: the initiator sends its auth; the recipient waits for one. */
  start(): RlpxOutput[] {
    if (this.state !== 'idle') return [];
    if (this.options.role === 'recipient') {
      this.state = 'awaiting-auth';
      return [];
    }
    const format = this.options.format ?? 'eip8';
    this.pendingAuth = makeAuth(this.options.aes, this.options.privateKey, this.options.remoteId!, format, this.random);
    this.state = 'awaiting-ack';
    return [{ type: 'send', bytes: this.pendingAuth.auth }];
  }

  /** Bytes the peer sent. */
  receive(bytes: Uint8Array): RlpxOutput[] {
    const out: RlpxOutput[] = [];
    if (this.state === 'closed' || this.state === 'idle') return out;
    this.inbox.append(bytes);
    try {
      if (this.state === 'awaiting-auth') this.receiveAuth(out);
      if (this.state === 'awaiting-ack') this.receiveAck(out);
      if (this.state === 'open') this.receiveFrames(out);
    } catch (e) {
      if (!(e instanceof HandshakeError)) throw e;
      this.fail(out, e.message);
    }
    return out;
  }

  /** A capability message (code relative to the capability) to the peer. */
  sendMessage(capability: string, code: number, payload: Uint8Array): RlpxOutput[] {
    const c = this.negotiated.find((n) => n.name === capability);
    if (!c || c.offset === null || c.length === undefined)
      throw new Error(`capability ${capability} was not negotiated`);
    if (code < 0 || code >= c.length) throw new RangeError(`${capability} code ${code} outside its ${c.length} ids`);
    return this.sendFrame(c.offset + code, payload, this.snappy);
  }

  ping(): RlpxOutput[] {
    return this.sendFrame(P2P_CODES.Ping, RLP.encode([]), this.snappy);
  }

  /** Sends Disconnect with `reason` and closes. */
  disconnect(reason: number): RlpxOutput[] {
    if (this.state !== 'open') return this.close([], 'local', reason);
    const out = this.sendFrame(P2P_CODES.Disconnect, encodeValue(disconnectBody, { reason }), this.snappy);
    return this.close(out, 'local', reason);
  }

  /** The transport closed under us. */
  transportClosed(): RlpxOutput[] {
    if (this.state === 'closed') return [];
    this.state = 'closed';
    return [{ type: 'disconnected', by: 'transport', reason: null }];
  }

  private receiveAuth(out: RlpxOutput[]): void {
    const found = findIncomingPacket(
      this.options.aes,
      this.options.privateKey,
      'auth',
      this.inbox.bytes,
      MAX_EIP8_SIZE,
    );
    if (found.kind === 'need-more') return;
    if (found.kind === 'invalid') throw new HandshakeError(found.reason);
    const auth = this.inbox.take(found.length);
    const { ack, handshake } = answerAuth(this.options.aes, this.options.privateKey, auth, found.format, this.random);
    out.push({ type: 'send', bytes: ack });
    this.open(out, handshake);
  }

  private receiveAck(out: RlpxOutput[]): void {
    const found = findIncomingPacket(this.options.aes, this.options.privateKey, 'ack', this.inbox.bytes, MAX_EIP8_SIZE);
    if (found.kind === 'need-more') return;
    if (found.kind === 'invalid') throw new HandshakeError(found.reason);
    const ack = this.inbox.take(found.length);
    this.open(out, readAck(this.options.aes, this.options.privateKey, this.pendingAuth!, ack, found.format));
  }

  /** Secrets known: frame ciphers and MACs for both directions, the key-log line, then our Hello. */
  private open(out: RlpxOutput[], handshake: CompletedHandshake): void {
    const { aes, role } = this.options;
    const packets = { auth: handshake.auth, ack: handshake.ack };
    this.handshake = handshake;
    this.sealer = new FrameSealer(
      aes,
      handshake.secrets.aesSecret,
      initialFrameMac(aes, handshake.secrets, role, packets),
    );
    const ingress = initialFrameMac(aes, handshake.secrets, otherRole(role), packets);
    this.reader = new FrameReader(new FrameOpener(aes, handshake.secrets.aesSecret, ingress));
    this.state = 'open';
    out.push({
      type: 'handshake',
      format: handshake.format,
      secrets: handshake.secrets,
      authEciesKey: handshake.authEciesKey,
      remoteId: handshake.remoteId,
      keyLogLine: formatRlpxKeyLogLine(handshake.authEciesKey, handshake.secrets),
    });
    const hello = this.options.hello;
    const body = encodeValue(helloBody, {
      protocolVersion: hello.protocolVersion ?? P2P_VERSION,
      clientId: hello.clientId,
      capabilities: hello.capabilities.map((c) => ({ name: c.name, version: c.version })),
      listenPort: hello.listenPort,
      nodeId: toHex(this.nodeId),
    });
    out.push(...this.sendFrame(P2P_CODES.Hello, body, false));
  }

  private receiveFrames(out: RlpxOutput[]): void {
    while (this.state === 'open') {
      const step = this.reader!.next(this.inbox);
      if (step.kind === 'need-more') return;
      if (step.kind === 'failed') return this.fail(out, step.reason.text);
      const { clear, size } = step.frame;
      this.handleFrame(out, clear.subarray(FRAME_HEAD_LENGTH, FRAME_HEAD_LENGTH + size));
    }
  }

  private handleFrame(out: RlpxOutput[], frameData: Uint8Array): void {
    const { code, payload } = splitMessageId(frameData);
    if (code === null) return this.breach(out, 'frame without a message id');
    if (code === P2P_CODES.Hello) return this.handleHello(out, payload);
    if (!this.remoteHello && code !== P2P_CODES.Disconnect) return this.breach(out, 'message before Hello');
    const data = this.decompress(code, payload);
    if (data === null) return this.breach(out, 'message that does not decompress');
    switch (code) {
      case P2P_CODES.Disconnect: {
        const fields = fieldsJson(decodeP2pMessage(concatBytes([RLP.encode(code), data])).tree);
        this.close(out, 'remote', typeof fields.reason === 'number' ? fields.reason : null);
        return;
      }
      case P2P_CODES.Ping:
        out.push({ type: 'ping' }, ...this.sendFrame(P2P_CODES.Pong, RLP.encode([]), this.snappy));
        return;
      case P2P_CODES.Pong:
        out.push({ type: 'pong' });
        return;
    }
    if (code < BASE_PROTOCOL_LENGTH) return; // reserved ids: ignored (rlpx.md §6)
    const owner = capabilityOfCode(this.negotiated, code);
    if (owner.kind !== 'capability') return this.breach(out, owner.reason);
    out.push({ type: 'message', capability: owner.capability, code: owner.code, payload: data });
  }

  private handleHello(out: RlpxOutput[], payload: Uint8Array): void {
    if (this.remoteHello) return this.breach(out, 'second Hello');
    if (payload.length > MAX_HELLO_SIZE) return this.breach(out, `Hello of ${payload.length} bytes`);
    const hello = helloInfoOf(fieldsJson(decodeP2pMessage(concatBytes([RLP.encode(P2P_CODES.Hello), payload])).tree));
    if (!hello) return this.breach(out, 'malformed Hello');
    if (!bytesEqual(hello.nodeId, this.handshake!.remoteId)) {
      out.push({ type: 'error', error: 'Hello node id differs from the handshake identity' });
      out.push(...this.disconnect(0x09));
      return;
    }
    this.remoteHello = hello;
    const ours = this.options.hello;
    this.negotiated = negotiateCapabilities(ours.capabilities, hello.capabilities, this.lengthOf);
    // geth: snappy when their version is ≥ 5 (ours always is); a v4 peer never compresses.
    this.snappy = hello.protocolVersion >= 5 && (ours.protocolVersion ?? P2P_VERSION) >= 5;
    out.push({ type: 'hello', hello, capabilities: this.negotiated });
  }

  /**
   * msg-data after snappy (when on), within the 16 MiB limit read from the length varint. A Disconnect that does
   * not decompress is taken as sent: ethereumjs writes it uncompressed.
   */
  private decompress(code: number, payload: Uint8Array): Uint8Array | null {
    if (!this.snappy) return payload;
    const result = snappyDecompress(payload, MAX_DECOMPRESSED_SIZE);
    if (result.ok) return result.data;
    return code === P2P_CODES.Disconnect ? payload : null;
  }

  private sendFrame(code: number, payload: Uint8Array, compress: boolean): RlpxOutput[] {
    if (this.state !== 'open') return [];
    const data = compress ? snappyCompress(payload) : payload;
    const frameData = concatBytes([RLP.encode(code), data]);
    if (frameData.length > MAX_FRAME_SIZE)
      throw new RangeError(`message of ${frameData.length} bytes exceeds one frame`);
    return [{ type: 'send', bytes: this.sealer!.seal(frameData) }];
  }

  private breach(out: RlpxOutput[], what: string): void {
    out.push({ type: 'error', error: `protocol breach: ${what}` });
    out.push(...this.disconnect(0x02));
  }

  private fail(out: RlpxOutput[], error: string): void {
    out.push({ type: 'error', error });
    this.close(out, 'local', null);
  }

  private close(out: RlpxOutput[], by: 'local' | 'remote', reason: number | null): RlpxOutput[] {
    if (this.state === 'closed') return out;
    this.state = 'closed';
    out.push({ type: 'disconnected', by, reason }, { type: 'close' });
    return out;
  }
}
