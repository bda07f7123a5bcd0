/** Block graffiti: UTF-8 text padded with zeros to the 32 bytes of the field. */
export function graffiti(text: string): Uint8Array {
  const out = new Uint8Array(32);
  out.set(Buffer.from(text, 'utf8').subarray(0, 32));
  return out;
}
