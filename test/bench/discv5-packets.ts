/**
 * discv5 v5.1 nodes and sessions for the Portal benchmark, built with Peerscope's own discv5 code: headers through
 * its packet codec (`packetCodec`: static header and authdata of every flag), masked with the recipient's id through
 * the AES provider, session keys and id-signature input from its `session-keys` (ECDH, HKDF), message plaintexts
 * from its message encoder. Only the AES-GCM sealing comes from node:crypto here (the decoders' AES provider opens,
 * it never seals).
 */
import { createCipheriv } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { concatBytes, toHex } from '../../decoders/core/bytes';
import { decodeAll, encodeValue } from '../../decoders/core/codec';
import { fieldJson } from '../../decoders/core/field';
import type { JsonObject } from '../../decoders/core/json';
import { encodeDiscv5Message } from '../../decoders/discv5/message-encoder';
import { packetCodec } from '../../decoders/discv5/packet-codec';
import { FLAG, HEADER_START, MASKING_IV_SIZE, MASKING_KEY_SIZE, NONCE_SIZE } from '../../decoders/discv5/packet-layout';
import { deriveSessionKeys, ecdhSecret, idSignatureDigest, type SessionKeys } from '../../decoders/discv5/session-keys';
import { enrCodec } from '../../decoders/enr';
import { nodeIdOfPrivateKey } from '../../decoders/enr/identity-v4';
import { nodeAes } from '../../src-main/rlpx/node-aes';
import { signedEnr } from '../discv5/support/packet-builder';
import type { Random } from './bench-messages';
import type { Host } from './capture-frames';

export interface Discv5Node {
  privateKey: Uint8Array;
  id: Uint8Array;
  /** Compressed secp256k1 public key. */
  publicKey: Uint8Array;
  /** Its signed v4 ENR (ip, udp, and the Portal `p` entry). */
  record: Uint8Array;
  host: Host;
}

/** A valid secp256k1 key from the seeded generator (the rare value outside the curve order is drawn again). */
function privateKeyOf(rng: Random): Uint8Array {
  for (;;) {
    const key = rng.bytes(32);
    if (secp256k1.utils.isValidSecretKey(key)) return key;
  }
}

/** A node with a fresh key; its ENR announces Portal versions 0–2 on chain 1 (`p = [0, 2, 1]`). */
export function discv5Node(rng: Random, host: Host, privateKey = privateKeyOf(rng)): Discv5Node {
  const ip = Uint8Array.of(host.ip >>> 24, (host.ip >>> 16) & 0xff, (host.ip >>> 8) & 0xff, host.ip & 0xff);
  return {
    privateKey,
    id: nodeIdOfPrivateKey(privateKey)!,
    publicKey: secp256k1.getPublicKey(privateKey, true),
    record: signedEnr(privateKey, 1n, { ip, udp: Uint8Array.of(host.port >> 8, host.port & 0xff), p: [0, 2, 1] }),
    host,
  };
}

/** The ENR as the packet codec's `record` member takes it (the record codec's JSON of its own bytes). */
function recordJson(record: Uint8Array): JsonObject {
  return fieldJson(decodeAll(enrCodec, record, 'record').field) as JsonObject;
}

function sealGcm(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-128-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return concatBytes([body, cipher.getAuthTag()]);
}

/**
 * One packet: the header encoded by the packet codec (message left empty), the message sealed with the unmasked
 * header as associated data, then the header masked with the recipient's node id.
 */
function packet(
  rng: Random,
  to: Discv5Node,
  flag: number,
  nonce: Uint8Array,
  authdata: JsonObject,
  message: { key: Uint8Array; plaintext: Uint8Array } | Uint8Array,
): { datagram: Uint8Array; header: Uint8Array } {
  const iv = rng.bytes(MASKING_IV_SIZE);
  const header = encodeValue(packetCodec, {
    'masking-iv': toHex(iv),
    'protocol-id': 'discv5',
    version: 1,
    flag,
    nonce: toHex(nonce),
    authdata,
    message: '0x',
  });
  const sealed = message instanceof Uint8Array ? message : sealGcm(message.key, nonce, message.plaintext, header);
  const masked = nodeAes.ctr(to.id.subarray(0, MASKING_KEY_SIZE), iv).update(header.subarray(HEADER_START));
  return { datagram: concatBytes([iv, masked, sealed]), header };
}

/** A discv5 message's plaintext (`message-type || RLP(message-data)`) through Peerscope's encoder. */
export function plaintextOf(json: JsonObject): Uint8Array {
  return encodeDiscv5Message(json);
}

/**
 * The session of two nodes as discv5-theory.md runs it: `a` sends a packet without a session (random bytes where
 * the message would be), `b` answers with WHOAREYOU, `a` completes the handshake with its first real message; then
 * ordinary packets both ways with the derived keys.
 */
export class Discv5Session {
  private keys: SessionKeys | null = null;

  constructor(
    readonly a: Discv5Node,
    readonly b: Discv5Node,
    private readonly rng: Random,
  ) {}

  /** The three packets of first contact; `first` rides in the handshake. */
  open(first: Uint8Array): { from: Discv5Node; datagram: Uint8Array }[] {
    const { a, b, rng } = this;
    const randomNonce = rng.bytes(NONCE_SIZE);
    const random = packet(rng, b, FLAG.message, randomNonce, { 'src-id': toHex(a.id) }, rng.bytes(rng.between(20, 44)));
    // enr-seq 0: b does not know a's record, so a sends it in the handshake.
    const whoareyou = packet(
      rng,
      a,
      FLAG.whoareyou,
      randomNonce,
      { 'id-nonce': toHex(rng.bytes(16)), 'enr-seq': 0 },
      new Uint8Array(0),
    );
    const challengeData = whoareyou.header;
    const ephemeralKey = privateKeyOf(rng);
    const ephemeralPublicKey = secp256k1.getPublicKey(ephemeralKey, true);
    this.keys = deriveSessionKeys(ecdhSecret(ephemeralKey, b.publicKey)!, challengeData, a.id, b.id);
    const signature = secp256k1.sign(idSignatureDigest(challengeData, ephemeralPublicKey, b.id), a.privateKey, {
      prehash: false,
    });
    const handshake = packet(
      rng,
      b,
      FLAG.handshake,
      rng.bytes(NONCE_SIZE),
      {
        'src-id': toHex(a.id),
        'id-signature': toHex(signature),
        'eph-pubkey': toHex(ephemeralPublicKey),
        record: recordJson(a.record),
      },
      { key: this.keys.initiatorKey, plaintext: first },
    );
    return [
      { from: a, datagram: random.datagram },
      { from: b, datagram: whoareyou.datagram },
      { from: a, datagram: handshake.datagram },
    ];
  }

  /** An ordinary message packet from `from` (a or b) sealed with its direction's session key. */
  send(from: Discv5Node, plaintext: Uint8Array): Uint8Array {
    if (!this.keys) throw new Error('no session yet');
    const fromA = from === this.a;
    const to = fromA ? this.b : this.a;
    const key = fromA ? this.keys.initiatorKey : this.keys.recipientKey;
    return packet(
      this.rng,
      to,
      FLAG.message,
      this.rng.bytes(NONCE_SIZE),
      { 'src-id': toHex(from.id) },
      { key, plaintext },
    ).datagram;
  }
}
