/** snappyjs ships no types: the two functions RLPx uses (block format, not the framing format). */
declare module 'snappyjs' {
  export function compress(uncompressed: Uint8Array): Uint8Array;
  /** Throws when the stream is malformed or declares more than `maxLength` bytes. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
}
