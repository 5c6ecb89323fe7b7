// How PyTorch reads a Python int given to `Generator.manual_seed`: as a uint64, or, failing that, as an int64
// reinterpreted as uint64 (so -1 becomes 2^64 - 1). Anything outside [-2^63, 2^64) is an error there too.

const TWO_63 = 1n << 63n
const TWO_64 = 1n << 64n

/** The uint64 PyTorch stores for a seed, as a bigint; throws on non-integers and on values PyTorch rejects. */
export function torchSeed(seed: number | bigint): bigint {
  if (typeof seed === 'number' && !Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`)
  const big = BigInt(seed)
  if (big < -TWO_63 || big >= TWO_64) throw new RangeError(`seed ${big} does not fit in 64 bits`)
  return BigInt.asUintN(64, big)
}

/** The low 32 bits of a uint64 seed: all PyTorch's mt19937 keeps of it (`seed & 0xffffffff`). */
export function low32(seed: bigint): number {
  return Number(seed & 0xffffffffn)
}
