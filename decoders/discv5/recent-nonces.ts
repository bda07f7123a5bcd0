import { bytesEqual } from '../core/bytes';
import type { Direction } from '../core/dissector';
import { NONCE_SIZE } from './packet-layout';

/**
 * How many of a direction's latest packets a WHOAREYOU can point back to. A node challenges a packet as soon as
 * it cannot open it, so the packet is among the sender's last few; a flow stays open to the end of the capture,
 * and keeping every packet's nonce would grow with the capture.
 */
const RECENT_NONCES = 64;

/** The frames of each direction's latest packets by nonce, so a WHOAREYOU can point at the packet it answers. */
export class RecentNonces {
  private readonly nonces = [new Uint8Array(RECENT_NONCES * NONCE_SIZE), new Uint8Array(RECENT_NONCES * NONCE_SIZE)];
  private readonly frames = [new Int32Array(RECENT_NONCES), new Int32Array(RECENT_NONCES)];
  /** Packets recorded per direction (the next slot is this modulo the ring size). */
  private readonly counts = [0, 0];

  record(direction: Direction, nonce: Uint8Array, frame: number): void {
    const slot = this.counts[direction]! % RECENT_NONCES;
    this.nonces[direction]!.set(nonce.subarray(0, NONCE_SIZE), slot * NONCE_SIZE);
    this.frames[direction]![slot] = frame;
    this.counts[direction]!++;
  }

  /** The frame of the latest recorded packet of `direction` with this nonce, if it is still among the recent. */
  frameOf(direction: Direction, nonce: Uint8Array): number | undefined {
    const count = this.counts[direction]!;
    const ring = this.nonces[direction]!;
    for (let back = 1; back <= Math.min(count, RECENT_NONCES); back++) {
      const slot = (count - back) % RECENT_NONCES;
      if (bytesEqual(ring.subarray(slot * NONCE_SIZE, (slot + 1) * NONCE_SIZE), nonce))
        return this.frames[direction]![slot];
    }
    return undefined;
  }
}
