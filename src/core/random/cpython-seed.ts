// How CPython's `random.seed(n)` turns an int into MT19937 state (Modules/_randommodule.c): |n| split into 32-bit
// words, least significant first, fed to the reference init_by_array.

import { MT_N, initGenrand } from './mt19937'

/** The key init_by_array receives for random.seed(n): |n| as little-endian 32-bit words, [0] for n = 0. */
export function seedKey(seed: number | bigint): number[] {
  if (typeof seed === 'number' && !Number.isInteger(seed)) {
    // CPython would seed from hash(float); only integers are supported here.
    throw new TypeError(`seed must be an integer, got ${seed}`)
  }
  let n = BigInt(seed)
  if (n < 0n) n = -n
  const key: number[] = []
  do {
    key.push(Number(n & 0xffffffffn))
    n >>= 32n
  } while (n > 0n)
  return key
}

/** Matsumoto & Nishimura's init_by_array(key): the 624-word state CPython seeds from. */
export function initByArray(key: readonly number[]): Uint32Array {
  const mt = initGenrand(19650218)
  let i = 1
  let j = 0
  for (let k = Math.max(MT_N, key.length); k > 0; k--) {
    const prev = mt[i - 1]
    // Uint32Array stores wrap mod 2^32, matching the C uint32 sums.
    mt[i] = (mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j] + j
    i++
    j++
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1]
      i = 1
    }
    if (j >= key.length) j = 0
  }
  for (let k = MT_N - 1; k > 0; k--) {
    const prev = mt[i - 1]
    mt[i] = (mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i
    i++
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1]
      i = 1
    }
  }
  // The MSB guarantees a non-zero state whatever the key.
  mt[0] = 0x80000000
  return mt
}
