// torch.Generator on CPU: one MT19937 stream (plus the scalar normal cache) that randn, rand and randint all draw
// from in turn, so a script's sequence of calls reproduces PyTorch's numbers.

import { MT19937 } from './mt19937'
import { NORMAL_FILL_MIN, normalFill } from './normal-fill'
import { type NormalCache, scalarNormal } from './normal-scalar'
import { uniformIntFromTo } from './randint'
import { low32, torchSeed } from './seed'
import { uniformDouble, uniformFloat } from './uniform'

/** PyTorch's `default_rng_seed_val`, the seed of a Generator nobody seeded. */
export const DEFAULT_TORCH_SEED = 67280421310721

const MAX_RANGE = 1n << 53n

function checkNumel(numel: number): void {
  if (!Number.isSafeInteger(numel) || numel < 0) throw new RangeError(`numel must be a non-negative integer, got ${numel}`)
}

export class Generator {
  // Both are set by manualSeed, which the constructor always calls.
  private engine!: MT19937
  private seed!: bigint
  private readonly cache: NormalCache = { nextDoubleNormal: null }

  /** `torch.Generator()` followed by `manual_seed(seed)`. */
  constructor(seed: number | bigint = DEFAULT_TORCH_SEED) {
    this.manualSeed(seed)
  }

  /** Restart the stream as `g.manual_seed(seed)` does: fresh engine, empty normal cache. */
  manualSeed(seed: number | bigint): this {
    this.seed = torchSeed(seed)
    this.engine = new MT19937(low32(this.seed))
    this.cache.nextDoubleNormal = null
    return this
  }

  /** The seed as PyTorch reports it from `g.initial_seed()`: the full uint64, not just the 32 bits used. */
  initialSeed(): bigint {
    return this.seed
  }

  /** `torch.randn(numel, generator=g)` for float32: standard normals, flat. */
  randn(numel: number): Float32Array {
    checkNumel(numel)
    if (numel >= NORMAL_FILL_MIN) return normalFill(this.engine, numel)
    const out = new Float32Array(numel)
    // Float32Array stores with round-to-nearest, the static_cast<float> PyTorch applies.
    for (let i = 0; i < numel; i++) out[i] = scalarNormal(this.engine, this.cache)
    return out
  }

  /** `torch.rand(numel, generator=g)` for float32: uniforms in [0, 1) with 24 random bits each. */
  rand(numel: number): Float32Array {
    checkNumel(numel)
    const out = new Float32Array(numel)
    for (let i = 0; i < numel; i++) out[i] = uniformFloat(this.engine)
    return out
  }

  /** One uniform double in [0, 1) with 53 random bits (what torch.multinomial draws per sample). */
  uniformDouble(): number {
    return uniformDouble(this.engine)
  }

  /** `torch.randint(low, high, (numel,), generator=g)`: int64 values in [low, high), held as doubles. */
  randint(low: number, high: number, numel: number): Float64Array {
    checkNumel(numel)
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
      throw new RangeError(`randint bounds must be integers within ±2^53, got ${low} and ${high}`)
    }
    if (high <= low) throw new RangeError(`randint expects low < high, got ${low} and ${high}`)
    // Checked in bigint: a difference past 2^53 would already be rounded as a double, and the modulo with it.
    if (BigInt(high) - BigInt(low) > MAX_RANGE) throw new RangeError(`randint range ${high} - ${low} exceeds 2^53`)
    const range = high - low
    const out = new Float64Array(numel)
    for (let i = 0; i < numel; i++) out[i] = uniformIntFromTo(this.engine, low, range)
    return out
  }
}
