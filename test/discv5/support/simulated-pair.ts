/**
 * Two simulated discv5 nodes writing the packets of a conversation exactly as the spec describes them (first
 * contact with random bytes, WHOAREYOU, handshake, then ordinary messages), for flow playbooks with known truth.
 */
import type { Input } from '@ethereumjs/rlp';
import {
  buildPacket,
  handshakePacket,
  nodeIdOf,
  plaintext,
  publicKeyOf,
  signedEnr,
  whoareyouPacket,
  type SessionKeysForTest,
} from './packet-builder';

export interface SimulatedNode {
  privateKey: Uint8Array;
  id: Uint8Array;
  publicKey: Uint8Array;
  record: Uint8Array;
}

export function simulatedNode(seed: number, port = 30303): SimulatedNode {
  const privateKey = Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7 + 1) & 0xff);
  return {
    privateKey,
    id: nodeIdOf(privateKey),
    publicKey: publicKeyOf(privateKey),
    record: signedEnr(privateKey, 1n, { ip: Uint8Array.of(127, 0, 0, 1), udp: Uint8Array.of(port >> 8, port & 0xff) }),
  };
}

export type Side = 'a' | 'b';

/** A node pair; `a` initiates the handshake. Packets from `a` travel in direction 0, from `b` in direction 1. */
export class SimulatedPair {
  keys: SessionKeysForTest | null = null;
  ephemeralPublicKey: Uint8Array | null = null;
  private counter = 0;

  constructor(
    readonly a: SimulatedNode,
    readonly b: SimulatedNode,
  ) {}

  private nonce(): Uint8Array {
    const nonce = new Uint8Array(12);
    new DataView(nonce.buffer).setUint32(0, ++this.counter);
    nonce[11] = 0x5a;
    return nonce;
  }

  node(side: Side): SimulatedNode {
    return side === 'a' ? this.a : this.b;
  }

  /** A's first packet: its src-id and random bytes where a message would be. */
  randomPacket(): { data: Uint8Array; nonce: Uint8Array } {
    const nonce = this.nonce();
    const built = buildPacket({
      destId: this.b.id,
      flag: 0,
      nonce,
      authdata: this.a.id,
      message: new Uint8Array(20).fill(0x33),
    });
    return { data: built.packet, nonce };
  }

  /** B challenges the packet with `nonce`; enr-seq 0 asks for A's record. */
  whoareyou(nonce: Uint8Array, enrSeq = 0n): { data: Uint8Array; challengeData: Uint8Array } {
    const idNonce = Uint8Array.from({ length: 16 }, (_, i) => (this.counter * 13 + i) & 0xff);
    const built = whoareyouPacket({ destId: this.a.id, nonce, idNonce, enrSeq });
    return { data: built.packet, challengeData: built.header };
  }

  /** A's handshake answering `challengeData`, carrying its first message; it sets the pair's session keys. */
  handshake(
    challengeData: Uint8Array,
    type: number,
    data: Input,
    options: { withRecord?: boolean; badSignature?: boolean } = {},
  ): Uint8Array {
    const ephemeralKey = Uint8Array.from({ length: 32 }, (_, i) => (this.counter * 17 + i + 3) & 0xff);
    const built = handshakePacket({
      initiatorKey: this.a.privateKey,
      recipientId: this.b.id,
      recipientPublicKey: this.b.publicKey,
      challengeData,
      ephemeralKey,
      nonce: this.nonce(),
      plaintext: plaintext(type, data),
      ...(options.withRecord !== false && { record: this.a.record }),
      ...(options.badSignature && { badSignature: true }),
    });
    this.keys = built.keys;
    this.ephemeralPublicKey = built.ephemeralPublicKey;
    return built.packet;
  }

  /** An ordinary message from `from`, sealed with the session's key for that direction. */
  message(from: Side, type: number, data: Input): Uint8Array {
    if (!this.keys) throw new Error('no session yet');
    const sender = this.node(from);
    const recipient = this.node(from === 'a' ? 'b' : 'a');
    const key = from === 'a' ? this.keys.initiatorKey : this.keys.recipientKey;
    return buildPacket({
      destId: recipient.id,
      flag: 0,
      nonce: this.nonce(),
      authdata: sender.id,
      message: { key, plaintext: plaintext(type, data) },
    }).packet;
  }

  /** First contact: random packet, WHOAREYOU, handshake carrying a message. */
  firstContact(type: number, data: Input, options: { withRecord?: boolean } = {}): { dir: 0 | 1; data: Uint8Array }[] {
    const random = this.randomPacket();
    const challenge = this.whoareyou(random.nonce, options.withRecord === false ? 1n : 0n);
    return [
      { dir: 0, data: random.data },
      { dir: 1, data: challenge.data },
      { dir: 0, data: this.handshake(challenge.challengeData, type, data, options) },
    ];
  }
}
