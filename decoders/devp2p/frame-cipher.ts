import type { AesCtrStream, AesProvider } from './aes';
import { constantTimeEqual } from './ecies';
import { FRAME_MAC_LENGTH, type FrameMac } from './mac';

/**
 * RLPx frames (rlpx.md §5): AES-256-CTR keyed with aes-secret, zero IV, one keystream per direction running through
 * every header and body in order; each part authenticated by the direction's FrameMac.
 *
 *   frame  = header-ciphertext(16) ‖ header-mac(16) ‖ frame-ciphertext(ceil16(frame-size)) ‖ frame-mac(16)
 *   header = frame-size(3, BE) ‖ header-data (RLP [capability-id, context-id], c2 80 80) ‖ zero padding to 16
 */

export const FRAME_HEADER_LENGTH = 16;
/** Header ciphertext and its MAC: what must arrive before the frame size can be read. */
export const FRAME_HEAD_LENGTH = FRAME_HEADER_LENGTH + FRAME_MAC_LENGTH;
/** frame-size is 24 bits. */
export const MAX_FRAME_SIZE = 0xffffff;
/** header-data as geth and ethereumjs write it: [0, 0]. */
export const DEFAULT_HEADER_DATA = Uint8Array.of(0xc2, 0x80, 0x80);

/** frame-data is zero-padded to the AES block size before encryption. */
export function paddedFrameSize(frameSize: number): number {
  return Math.ceil(frameSize / 16) * 16;
}

/** Bytes after the header and its MAC: the padded ciphertext and the frame MAC. */
export function frameBodyLength(frameSize: number): number {
  return paddedFrameSize(frameSize) + FRAME_MAC_LENGTH;
}

/** frame-size from a decrypted header. */
export function frameSizeOf(header: Uint8Array): number {
  return (header[0]! << 16) | (header[1]! << 8) | header[2]!;
}

function zeroIv(): Uint8Array {
  return new Uint8Array(16);
}

/** Seals the frames one side sends. */
export class FrameSealer {
  private readonly ctr: AesCtrStream;

  constructor(
    aes: AesProvider,
    aesSecret: Uint8Array,
    private readonly mac: FrameMac,
  ) {
    this.ctr = aes.ctr(aesSecret, zeroIv());
  }

  /** One frame around `frameData` (msg-id ‖ msg-data); throws above the 24-bit frame size. */
  seal(frameData: Uint8Array, headerData: Uint8Array = DEFAULT_HEADER_DATA): Uint8Array {
    if (frameData.length > MAX_FRAME_SIZE) throw new RangeError(`frame of ${frameData.length} bytes exceeds 2^24-1`);
    if (headerData.length > FRAME_HEADER_LENGTH - 3) throw new RangeError('header-data longer than 13 bytes');
    const header = new Uint8Array(FRAME_HEADER_LENGTH);
    header[0] = frameData.length >> 16;
    header[1] = (frameData.length >> 8) & 0xff;
    header[2] = frameData.length & 0xff;
    header.set(headerData, 3);
    const padded = new Uint8Array(paddedFrameSize(frameData.length));
    padded.set(frameData);

    const out = new Uint8Array(FRAME_HEAD_LENGTH + frameBodyLength(frameData.length));
    const headerCiphertext = this.ctr.update(header);
    out.set(headerCiphertext, 0);
    out.set(this.mac.updateHeader(headerCiphertext), FRAME_HEADER_LENGTH);
    const bodyCiphertext = this.ctr.update(padded);
    out.set(bodyCiphertext, FRAME_HEAD_LENGTH);
    out.set(this.mac.updateBody(bodyCiphertext), FRAME_HEAD_LENGTH + padded.length);
    return out;
  }
}

/**
 * Opens the frames one side receives, in two steps because the frame size is only known after the header: every
 * MAC is checked before the bytes it covers are decrypted. After a mismatch the MAC state no longer follows the
 * sender's, so the caller must stop.
 */
export class FrameOpener {
  private readonly ctr: AesCtrStream;

  constructor(
    aes: AesProvider,
    aesSecret: Uint8Array,
    private readonly mac: FrameMac,
  ) {
    this.ctr = aes.ctr(aesSecret, zeroIv());
  }

  /** The decrypted 16-byte header from header-ciphertext ‖ header-mac, or null when the MAC does not match. */
  openHeader(head: Uint8Array): Uint8Array | null {
    const ciphertext = head.subarray(0, FRAME_HEADER_LENGTH);
    const expected = this.mac.updateHeader(ciphertext);
    if (!constantTimeEqual(expected, head.subarray(FRAME_HEADER_LENGTH, FRAME_HEAD_LENGTH))) return null;
    return this.ctr.update(ciphertext);
  }

  /** The decrypted, still padded frame-data from frame-ciphertext ‖ frame-mac, or null on a MAC mismatch. */
  openBody(body: Uint8Array): Uint8Array | null {
    const ciphertext = body.subarray(0, body.length - FRAME_MAC_LENGTH);
    const expected = this.mac.updateBody(ciphertext);
    if (!constantTimeEqual(expected, body.subarray(body.length - FRAME_MAC_LENGTH))) return null;
    return this.ctr.update(ciphertext);
  }
}
