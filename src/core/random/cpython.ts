// CPython 3.11's `random.Random` for the parts the lecture uses: seeding from an int, random(), getrandbits(),
// _randbelow() and shuffle(), drawing exactly the words CPython draws so shuffled orders match.

import { initByArray, seedKey } from './cpython-seed'
import { MT19937 } from './mt19937'

const TWO_POW_26 = 67108864
const TWO_POW_MINUS_53 = 2 ** -53
/** The largest bound randbelow takes as a number; past it, pass a bigint. */
const MAX_NUMBER_BOUND = 2 ** 53

/** Python's int.bit_length() for a non-negative integer up to 2^53. */
function bitLength(n: number): number {
  let bits = 0
  // Halving via division, not >>, because n may exceed 32 bits.
  for (let m = n; m >= 1; m = Math.floor(m / 2)) bits++
  return bits
}

/** The engine CPython's random.seed(n) leaves behind for an integer n. */
function seededEngine(seed: number | bigint): MT19937 {
  return new MT19937(initByArray(seedKey(seed)))
}

export class PyRandom {
  private engine: MT19937

  /** `random.Random(seed)`: seeded from an integer (number or bigint). */
  constructor(seed: number | bigint) {
    this.engine = seededEngine(seed)
  }

  /** `random.seed(seed)` for an integer seed: its absolute value picks the state. */
  seed(seed: number | bigint): void {
    this.engine = seededEngine(seed)
  }

  /** `random.random()`: a double in [0, 1) from 27 + 26 bits of two draws. */
  random(): number {
    const a = this.engine.random() >>> 5
    const b = this.engine.random() >>> 6
    return (a * TWO_POW_26 + b) * TWO_POW_MINUS_53
  }

  /** `random.getrandbits(k)`: k random bits, built from 32-bit words least significant first. */
  getrandbits(k: number): bigint {
    if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`number of bits must be a non-negative integer, got ${k}`)
    let result = 0n
    let shift = 0n
    for (let left = k; left > 0; left -= 32) {
      // A partial last word keeps its top bits, as CPython's `r >>= 32 - k` does.
      const word = left < 32 ? this.engine.random() >>> (32 - left) : this.engine.random()
      result |= BigInt(word) << shift
      shift += 32n
    }
    return result
  }

  /** `random._randbelow(n)`: uniform in [0, n) by redrawing bit_length(n) bits until below n. */
  randbelow(n: number): number
  randbelow(n: bigint): bigint
  randbelow(n: number | bigint): number | bigint {
    if (typeof n === 'bigint') return this.randbelowBig(n)
    if (!Number.isInteger(n) || n < 1 || n > MAX_NUMBER_BOUND) {
      throw new RangeError(`randbelow needs an integer in [1, 2^53] (or a bigint), got ${n}`)
    }
    const k = bitLength(n)
    let r = this.bitsAsNumber(k)
    while (r >= n) r = this.bitsAsNumber(k)
    return r
  }

  /** `random.shuffle(x)` in place: Fisher-Yates from the end, as CPython 3.11 does it. */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1)
      const tmp = x[i]
      x[i] = x[j]
      x[j] = tmp
    }
  }

  /** The bigint form of randbelow, for bounds past 2^53. */
  private randbelowBig(n: bigint): bigint {
    if (n < 1n) throw new RangeError(`randbelow needs a positive bound, got ${n}`)
    const k = n.toString(2).length
    let r = this.getrandbits(k)
    while (r >= n) r = this.getrandbits(k)
    return r
  }

  /** getrandbits(k) for 1 <= k <= 54 without bigints: the same draws, and the same value below 2^53. */
  private bitsAsNumber(k: number): number {
    if (k <= 32) return this.engine.random() >>> (32 - k)
    const low = this.engine.random()
    const high = this.engine.random() >>> (64 - k)
    // At k = 54 a draw of 2^53 or more may round, but it stays >= 2^53 >= n and is rejected all the same.
    return high * 2 ** 32 + low
  }
}
