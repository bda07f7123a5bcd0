type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** A typed array at least `needed` long: the same one when it fits, else a copy at least twice as large. */
export function grown<T extends TypedArray>(array: T, needed: number, fill?: number): T {
  if (needed <= array.length) return array;
  let size = Math.max(array.length * 2, 1024);
  while (size < needed) size *= 2;
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array as never);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}
