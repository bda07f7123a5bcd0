import type { AesProvider } from '../core/aes';
import { copyBytes, toHex } from '../core/bytes';
import {
  HEADER_START,
  MASKING_IV_SIZE,
  MASKING_KEY_SIZE,
  MESSAGE_HEADER_END,
  PROTOCOL_ID,
  STATIC_HEADER_SIZE,
} from './packet-layout';

/**
 * Header unmasking (discv5-wire.md "Packet Encoding"): the header is AES-128-CTR encrypted with the first 16 bytes
 * of the *recipient's* node id and the packet's masking IV. A passive observer therefore needs the recipient's id;
 * the protocol id "discv5" at the start of the unmasked header tells whether a guessed id is the right one.
 */

export interface UnmaskedPacket {
  /** The node id the header was masked with: the recipient's. */
  destId: Uint8Array;
  /** The datagram with its header unmasked: masking-iv || header || message (same offsets as on the wire). */
  packet: Uint8Array;
  /** Offset where the header ends and the message begins (clamped to the datagram when authdata is cut short). */
  headerEnd: number;
  /** authdata-size announces more bytes than the datagram has. */
  truncated: boolean;
}

const BLOCK_SIZE = 16;

type BlockCipher = (blocks: Uint8Array) => Uint8Array;

/**
 * Unmasks headers, keeping one AES block cipher per masking key: every packet to a node, and every guess at a
 * recipient, reuses it, where a CTR cipher object per packet and per guessed id cost more than the unmasking.
 * The CTR keystream is the encrypted counter blocks (the masking IV counted up as one 128-bit big-endian number).
 */
export class HeaderMasks {
  private readonly ciphers = new Map<string, BlockCipher>();
  private readonly byIdArray = new WeakMap<Uint8Array, BlockCipher>();

  constructor(private readonly aes: AesProvider) {}

  /** Unmasks the whole header (static header and authdata, one CTR stream) with `destId`; null if it is not the key. */
  unmask(datagram: Uint8Array, destId: Uint8Array): UnmaskedPacket | null {
    if (datagram.length < HEADER_START + STATIC_HEADER_SIZE) return null;
    // One call for the usual header (an ordinary message's: a src-id for authdata), more when it is longer.
    let stream = this.keystream(datagram, destId, blocksFor(Math.min(datagram.length, MESSAGE_HEADER_END)));
    if (!unmasksTo(datagram, stream, PROTOCOL_ID)) return null;
    const sizeAt = HEADER_START + STATIC_HEADER_SIZE - 2;
    const authdataSize =
      ((datagram[sizeAt]! ^ stream[sizeAt - HEADER_START]!) << 8) |
      (datagram[sizeAt + 1]! ^ stream[sizeAt + 1 - HEADER_START]!);
    const announcedEnd = HEADER_START + STATIC_HEADER_SIZE + authdataSize;
    const headerEnd = Math.min(announcedEnd, datagram.length);
    if (headerEnd - HEADER_START > stream.length) stream = this.keystream(datagram, destId, blocksFor(headerEnd));
    const packet = copyBytes(datagram);
    for (let i = HEADER_START; i < headerEnd; i++) packet[i] = datagram[i]! ^ stream[i - HEADER_START]!;
    return { destId, packet, headerEnd, truncated: announcedEnd > datagram.length };
  }

  /** Tries each candidate recipient id in order; the first that unmasks the header wins. */
  findRecipient(datagram: Uint8Array, candidates: Iterable<Uint8Array>): UnmaskedPacket | null {
    for (const id of candidates) {
      const unmasked = this.unmask(datagram, id);
      if (unmasked) return unmasked;
    }
    return null;
  }

  /** The first `count` keystream blocks of the datagram's masking IV under `destId`'s masking key. */
  private keystream(datagram: Uint8Array, destId: Uint8Array, count: number): Uint8Array {
    const counters = new Uint8Array(count * BLOCK_SIZE);
    const counter = copyBytes(datagram, 0, MASKING_IV_SIZE);
    for (let i = 0; i < count; i++, increment(counter)) counters.set(counter, i * BLOCK_SIZE);
    return this.cipher(destId)(counters);
  }

  /** Looked up by the id's bytes once per id array: flows and the node directory keep theirs. */
  private cipher(destId: Uint8Array): BlockCipher {
    let cipher = this.byIdArray.get(destId);
    if (cipher) return cipher;
    const key = toHex(destId, 0, MASKING_KEY_SIZE);
    cipher = this.ciphers.get(key) ?? this.aes.blockEncryptor(destId.subarray(0, MASKING_KEY_SIZE));
    this.ciphers.set(key, cipher);
    this.byIdArray.set(destId, cipher);
    return cipher;
  }
}

function increment(counter: Uint8Array): void {
  for (let i = counter.length - 1; i >= 0; i--) {
    counter[i] = (counter[i]! + 1) & 0xff;
    if (counter[i] !== 0) return;
  }
}

/** Keystream blocks covering the header up to datagram offset `end`. */
function blocksFor(end: number): number {
  return Math.ceil((end - HEADER_START) / BLOCK_SIZE);
}

/** Whether the header starts with `literal` once unmasked with `stream`. */
function unmasksTo(datagram: Uint8Array, stream: Uint8Array, literal: string): boolean {
  for (let i = 0; i < literal.length; i++) {
    if ((datagram[HEADER_START + i]! ^ stream[i]!) !== literal.charCodeAt(i)) return false;
  }
  return true;
}
