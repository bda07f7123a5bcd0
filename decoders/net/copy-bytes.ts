/**
 * A copy of `bytes[start, end)` that owns its memory. `slice` is not one when the bytes are a Node Buffer (it
 * returns a view there), and a view would both pin the reader's whole chunk and change when the reader reuses it.
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}
