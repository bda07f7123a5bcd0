import { concatBytes } from '../core/bytes';
import { DecodeError } from '../core/reader';
import type { StreamBuffer } from '../core/stream-buffer';
import { readRlpHeader } from '../codecs/rlp';
import type { OpaqueReason } from './encrypted-message';
import { FRAME_HEAD_LENGTH, FRAME_HEADER_LENGTH, type FrameOpener, frameBodyLength, frameSizeOf } from './frame-cipher';
import type { OpenedFrame } from './frame-message';
import { FRAME_MAC_LENGTH } from './mac';
import { RLPX_NOTES } from './note-kinds';

export type FrameStep =
  { kind: 'frame'; frame: OpenedFrame } | { kind: 'need-more' } | { kind: 'failed'; reason: OpaqueReason };

/**
 * Cuts one direction's decrypted-side stream into frames: header and MAC first (32 bytes), which give the frame
 * size, then the padded body and its MAC. Frames may straddle any number of TCP segments. A failed check leaves the
 * frame's bytes in place (its opened head in `pendingHead`) for the caller to show undecrypted.
 */
export class FrameReader {
  private header: { head: Uint8Array; clear: Uint8Array; size: number } | null = null;

  constructor(private readonly opener: FrameOpener) {}

  /** The wire head of a frame whose header was opened but whose body has not arrived. */
  get pendingHead(): Uint8Array | null {
    return this.header?.head ?? null;
  }

  next(buffer: StreamBuffer): FrameStep {
    if (!this.header) {
      if (buffer.length < FRAME_HEAD_LENGTH) return { kind: 'need-more' };
      const head = buffer.bytes.slice(0, FRAME_HEAD_LENGTH);
      const clear = this.opener.openHeader(head);
      if (!clear) return failed(RLPX_NOTES.macMismatch, 'header MAC mismatch: wrong key or altered bytes');
      if (!isFrameHeader(clear)) {
        return failed(
          RLPX_NOTES.headerGarbled,
          'the header MAC matches but the header decrypts to no frame header: the key-log aes-secret is wrong',
        );
      }
      buffer.skip(FRAME_HEAD_LENGTH);
      this.header = { head, clear, size: frameSizeOf(clear) };
    }
    const bodyLength = frameBodyLength(this.header.size);
    if (buffer.length < bodyLength) return { kind: 'need-more' };
    // The frame's wire bytes are copied out once; the body is a view of them (frames run to megabytes).
    const { head, clear, size } = this.header;
    const wire = concatBytes([head, buffer.bytes.subarray(0, bodyLength)]);
    const body = wire.subarray(FRAME_HEAD_LENGTH);
    const data = this.opener.openBody(body);
    if (!data) return failed(RLPX_NOTES.macMismatch, 'frame MAC mismatch: wrong key or altered bytes');
    buffer.skip(bodyLength);
    this.header = null;
    const headMac = head.subarray(FRAME_HEADER_LENGTH);
    const bodyMac = body.subarray(body.length - FRAME_MAC_LENGTH);
    return { kind: 'frame', frame: { wire, clear: concatBytes([clear, headMac, data, bodyMac]), size } };
  }

  /** Forgets an opened header: its head goes back to the caller with the rest of the undecrypted bytes. */
  drop(): void {
    this.header = null;
  }
}

function failed(kind: string, text: string): FrameStep {
  return {
    kind: 'failed',
    reason: { severity: 'error', kind, text: `${text}; decryption of this direction stops here` },
  };
}

/**
 * A decrypted header is frame-size ‖ an RLP list (header-data) ‖ zero padding in every implementation; random bytes
 * almost never are, which tells a wrong aes-secret from a right one even though the MAC (mac-secret) matched.
 */
function isFrameHeader(header: Uint8Array): boolean {
  try {
    const h = readRlpHeader(header, 3, FRAME_HEADER_LENGTH);
    return h.isList && header.subarray(h.payloadEnd).every((b) => b === 0);
  } catch (e) {
    if (e instanceof DecodeError) return false;
    throw e;
  }
}
