import type { Detection } from '../core/dissector';
import { MAX_EIP8_SIZE, SIZE_PREFIX_LENGTH } from './handshake-format';
import { ECIES_OVERHEAD } from './ecies';
import { POINT_EVIDENCE } from './handshake-packet';
import { startsCurvePoint } from './secp256k1-keys';

/** The smallest EIP-8 ack (RLP body without padding, plus ECIES): a smaller size prefix is not a handshake. */
const MIN_EIP8_SIZE = ECIES_OVERHEAD + 102;

/**
 * RLPx has no plaintext marker, but its first packet in each direction opens with an uncompressed secp256k1 point
 * (the ECIES ephemeral key): 0x04 ‖ X ‖ Y, after a 2-byte size prefix in [215, 2048] (EIP-8) or at byte 0 (legacy).
 * Detection sees 64 bytes, enough for X and the start of Y: X must lie on the curve and Y begin one of X's two Y
 * coordinates, so random bytes pass with probability below 2^-60. The first byte is at most 0x08 either way, which
 * rules out the ASCII starts of Hobbits (`EWP`) and the eth2 RPC (`ETH`) at once. Keys are not needed.
 */
export function detectRlpx(first: Uint8Array): Detection {
  if (first.length === 0) return 'need-more';
  if (first[0]! > 0x08) return 'no';
  const verdicts = [legacy(first), eip8(first)];
  if (verdicts.includes('yes')) return 'yes';
  return verdicts.includes('need-more') ? 'need-more' : 'no';
}

function legacy(first: Uint8Array): Detection {
  if (first[0] !== 0x04) return 'no';
  if (first.length < POINT_EVIDENCE) return 'need-more';
  return startsCurvePoint(first.subarray(1, 1 + 64)) ? 'yes' : 'no';
}

function eip8(first: Uint8Array): Detection {
  if (first.length < SIZE_PREFIX_LENGTH + 1) return 'need-more';
  const size = (first[0]! << 8) | first[1]!;
  if (first[2] !== 0x04 || size < MIN_EIP8_SIZE || size > MAX_EIP8_SIZE) return 'no';
  if (first.length < SIZE_PREFIX_LENGTH + POINT_EVIDENCE) return 'need-more';
  return startsCurvePoint(first.subarray(3, 3 + 64)) ? 'yes' : 'no';
}
