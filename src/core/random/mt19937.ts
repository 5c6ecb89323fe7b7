// The Mersenne Twister MT19937 (Matsumoto & Nishimura, 1998): the 32-bit engine under both PyTorch's CPU generator
// and CPython's `random`. Only the seeding differs between the two, so the engine takes a ready state or a 32-bit seed.

/** Words of state. */
export const MT_N = 624
/** The twist's middle offset. */
const MT_M = 397
const MATRIX_A = 0x9908b0df
const UPPER_MASK = 0x80000000
const LOWER_MASK = 0x7fffffff

/** Knuth's seeding recurrence (init_genrand), the state PyTorch's mt19937(seed) and CPython's init_genrand build. */
export function initGenrand(seed: number): Uint32Array {
  const state = new Uint32Array(MT_N)
  state[0] = seed >>> 0
  for (let i = 1; i < MT_N; i++) {
    const prev = state[i - 1]
    // Math.imul keeps the product's low 32 bits, which is what the C uint32 arithmetic does.
    state[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i
  }
  return state
}

export class MT19937 {
  private readonly state: Uint32Array
  /** Next word to temper; MT_N means "twist first", as both C versions start. */
  private index = MT_N

  /** An engine seeded with init_genrand(seed), or taking over a given 624-word state (which it then owns). */
  constructor(seed: number | Uint32Array = 5489) {
    if (typeof seed === 'number') {
      this.state = initGenrand(seed)
    } else {
      if (seed.length !== MT_N) throw new RangeError(`MT19937 state must have ${MT_N} words, got ${seed.length}`)
      this.state = seed
    }
  }

  /** The next 32-bit output as an unsigned integer (PyTorch's `random()`, CPython's `genrand_uint32`). */
  random(): number {
    if (this.index >= MT_N) this.twist()
    let y = this.state[this.index++]
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }

  /** Two draws as one 64-bit value, the first draw in the high word (PyTorch's `random64()`). */
  random64(): bigint {
    const hi = this.random()
    const lo = this.random()
    return (BigInt(hi) << 32n) | BigInt(lo)
  }

  /** Alias of random64(), the name PyTorch's engine-level helpers use. */
  next64(): bigint {
    return this.random64()
  }

  /** Regenerate all 624 words at once, as the reference genrand does. */
  private twist(): void {
    const mt = this.state
    for (let k = 0; k < MT_N; k++) {
      const y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % MT_N] & LOWER_MASK)
      mt[k] = mt[(k + MT_M) % MT_N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    }
    this.index = 0
  }
}
