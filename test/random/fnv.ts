// FNV-1a over 32-bit words: how the baked expectations summarise bulk draws too long to list.

/** The 32-bit FNV-1a hash of a sequence of uint32 words, word by word as the Python side computed it. */
export function fnv1a(words: Iterable<number>): number {
  let hash = 0x811c9dc5
  for (const word of words) hash = Math.imul(hash ^ word, 0x01000193) >>> 0
  return hash
}

/** The IEEE bit patterns of float32 values, as uint32 words. */
export function float32Words(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length)
}
