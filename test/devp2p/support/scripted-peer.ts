import { RLP } from '@ethereumjs/rlp';
import { concatBytes, toHex } from '../../../decoders/core/bytes';
import { encodeValue } from '../../../decoders/core/codec';
import {
  FRAME_HEAD_LENGTH,
  FrameOpener,
  FrameSealer,
  frameBodyLength,
  frameSizeOf,
} from '../../../decoders/devp2p/frame-cipher';
import { makeAuth, readAck, type PendingAuth } from '../../../decoders/devp2p/handshake';
import type { HandshakeFormat } from '../../../decoders/devp2p/handshake-format';
import { helloBody } from '../../../decoders/devp2p/p2p-declaration';
import { splitMessageId } from '../../../decoders/devp2p/p2p-messages';
import { initialFrameMac } from '../../../decoders/devp2p/secrets';
import { nodeIdOf } from '../../../decoders/devp2p/secp256k1-keys';
import { snappyCompress } from '../../../decoders/devp2p/snappy';
import { nodeAes } from '../../../src-main/rlpx/node-aes';
import { seededRandomness } from './in-memory-session';

/**
 * An initiator built from the handshake and frame primitives, so a test can send what a well-behaved endpoint never
 * would: a Hello with a foreign node id, a message before Hello, a snappy bomb, an uncompressed Disconnect.
 */
export class ScriptedInitiator {
  readonly privateKey: Uint8Array;
  readonly pending: PendingAuth;
  private sealer: FrameSealer | null = null;
  private opener: FrameOpener | null = null;

  constructor(seed: number, recipientId: Uint8Array, format: HandshakeFormat = 'eip8') {
    const random = seededRandomness(seed);
    this.privateKey = random.privateKey();
    this.pending = makeAuth(nodeAes, this.privateKey, recipientId, format, random);
  }

  get auth(): Uint8Array {
    return this.pending.auth;
  }

  /** Reads the recipient's first write (the ack, possibly followed by frames); returns the frames after it. */
  receiveAck(bytes: Uint8Array, ackLength: number): Uint8Array {
    const done = readAck(nodeAes, this.privateKey, this.pending, bytes.subarray(0, ackLength), this.pending.format);
    const packets = { auth: done.auth, ack: done.ack };
    this.sealer = new FrameSealer(
      nodeAes,
      done.secrets.aesSecret,
      initialFrameMac(nodeAes, done.secrets, 'initiator', packets),
    );
    this.opener = new FrameOpener(
      nodeAes,
      done.secrets.aesSecret,
      initialFrameMac(nodeAes, done.secrets, 'recipient', packets),
    );
    return bytes.subarray(ackLength);
  }

  /** A frame carrying rlp(code) ‖ payload (snappy-compressed when asked). */
  frame(code: number, payload: Uint8Array, compress = false, headerData?: Uint8Array): Uint8Array {
    return this.sealer!.seal(concatBytes([RLP.encode(code), compress ? snappyCompress(payload) : payload]), headerData);
  }

  hello(nodeId: Uint8Array = nodeIdOf(this.privateKey), capabilities = [{ name: 'les', version: 4 }]): Uint8Array {
    const body = encodeValue(helloBody, {
      protocolVersion: 5,
      clientId: 'scripted',
      capabilities,
      listenPort: 0,
      nodeId: toHex(nodeId),
    });
    return this.frame(0, body);
  }

  /** Opens every whole frame in `bytes`: message ids and payloads as sent (not decompressed). */
  open(bytes: Uint8Array): { code: number | null; payload: Uint8Array }[] {
    const out: { code: number | null; payload: Uint8Array }[] = [];
    for (let at = 0; at + FRAME_HEAD_LENGTH <= bytes.length;) {
      const header = this.opener!.openHeader(bytes.subarray(at, at + FRAME_HEAD_LENGTH));
      if (!header) throw new Error('header MAC mismatch');
      const size = frameSizeOf(header);
      const body = this.opener!.openBody(
        bytes.subarray(at + FRAME_HEAD_LENGTH, at + FRAME_HEAD_LENGTH + frameBodyLength(size)),
      );
      if (!body) throw new Error('frame MAC mismatch');
      out.push(splitMessageId(body.subarray(0, size)));
      at += FRAME_HEAD_LENGTH + frameBodyLength(size);
    }
    return out;
  }
}
