// torch.Generator behaviour beyond the fixtures, against values printed by PyTorch 1.13 (see expected.ts).
import { describe, expect, it } from 'vitest'
import { DEFAULT_TORCH_SEED, Generator } from '../../src/core/random/generator'
import {
  BULK, BY_SEED, CACHE_STREAM, DEFAULT_SEEDED, MIXED, RAND, RANDINT, RANDN_15, RANDN_BY_SIZE, RESEED
} from './expected'
import { float32Words, fnv1a } from './fnv'
import { maxUlp } from './ulp'

const SEED = 2147483647

describe('Generator.randn, scalar path (numel < 16)', () => {
  for (let n = 1; n <= 15; n++) {
    it(`matches torch.randn(${n})`, () => {
      // The scalar path's sin/cos/log1p come from the JS engine, not glibc, so allow the odd ulp.
      expect(maxUlp(new Generator(SEED).randn(n), RANDN_15.slice(0, n))).toBeLessThanOrEqual(1)
    })
  }

  it('keeps the cached second normal across calls, even across a vectorised call', () => {
    const g = new Generator(7)
    for (const expected of CACHE_STREAM) expect(maxUlp(g.randn(expected.length), expected)).toBeLessThanOrEqual(1)
  })

  it('forgets the cached normal on manualSeed', () => {
    const g = new Generator(7)
    g.randn(1)
    expect(maxUlp(g.manualSeed(7).randn(2), RESEED)).toBeLessThanOrEqual(1)
  })

  it('reproduces 2000 calls of randn(15) bit for bit', () => {
    // Stricter than the per-element checks: V8's sin/cos/log1p happen to agree with glibc's after float rounding.
    const g = new Generator(2024)
    const words: number[] = []
    for (let i = 0; i < 2000; i++) words.push(...float32Words(g.randn(15)))
    expect(fnv1a(words)).toBe(BULK.randn15_x2000.hash)
  })
})

describe('Generator.randn, vectorised path (numel >= 16)', () => {
  for (const [n, expected] of Object.entries(RANDN_BY_SIZE)) {
    it(`matches torch.randn(${n}) bit for bit`, () => {
      expect(maxUlp(new Generator(SEED).randn(Number(n)), expected)).toBe(0)
    })
  }

  for (const seed of [1, 12345] as const) {
    it(`reproduces torch.randn(65541) for seed ${seed} bit for bit`, () => {
      const expected = BULK[`randn_big_${seed}`]
      const values = new Generator(seed).randn(65541)
      expect(Array.from(values.slice(0, 3))).toEqual(expected.head)
      expect(Array.from(values.slice(-3))).toEqual(expected.tail)
      expect(fnv1a(float32Words(values))).toBe(expected.hash)
    })
  }

  it('returns an empty array for numel 0', () => {
    expect(new Generator(SEED).randn(0).length).toBe(0)
  })
})

describe('Generator seeding', () => {
  for (const [seed, expected] of Object.entries(BY_SEED)) {
    it(`manual_seed(${seed})`, () => {
      const g = new Generator(BigInt(seed))
      expect(g.initialSeed()).toBe(BigInt(expected.initial))
      expect(maxUlp(g.randn(18), expected.randn)).toBe(0)
      expect(Array.from(g.randint(0, 1000, 6))).toEqual(expected.randint)
    })
  }

  it('accepts number and bigint seeds alike', () => {
    expect(new Generator(42).randn(20)).toEqual(new Generator(42n).randn(20))
    expect(new Generator(-1).initialSeed()).toBe(2n ** 64n - 1n)
  })

  it('defaults to PyTorch default_rng_seed_val', () => {
    const g = new Generator()
    expect(DEFAULT_TORCH_SEED).toBe(67280421310721)
    expect(g.initialSeed()).toBe(BigInt(DEFAULT_SEEDED.initial))
    expect(maxUlp(g.randn(5), DEFAULT_SEEDED.randn)).toBeLessThanOrEqual(1)
  })

  it('rejects seeds PyTorch rejects', () => {
    expect(() => new Generator(1.5)).toThrow(TypeError)
    expect(() => new Generator(2n ** 64n)).toThrow(RangeError)
    expect(() => new Generator(-(2n ** 63n) - 1n)).toThrow(RangeError)
  })
})

describe('Generator.rand', () => {
  it('matches torch.rand exactly, continuing the stream', () => {
    const g = new Generator(123)
    for (const expected of RAND) expect(Array.from(g.rand(expected.length))).toEqual(expected)
  })

  it('reproduces torch.rand(10000) bit for bit', () => {
    expect(fnv1a(float32Words(new Generator(2024).rand(10000)))).toBe(BULK.rand_bulk.hash)
  })
})

describe('Generator.randint', () => {
  it('matches torch.randint over small, negative, 32-bit-edge and wide ranges', () => {
    const g = new Generator(123)
    expect(Array.from(g.randint(0, 10, 8))).toEqual(RANDINT.small)
    expect(Array.from(g.randint(-5, 5, 8))).toEqual(RANDINT.neg)
    expect(Array.from(g.randint(0, 2 ** 32 - 1, 4))).toEqual(RANDINT.r2_32m1)
    expect(Array.from(g.randint(0, 2 ** 32, 4))).toEqual(RANDINT.r2_32)
    expect(Array.from(g.randint(0, 2 ** 40, 4))).toEqual(RANDINT.r2_40)
    expect(Array.from(g.randint(-(2 ** 33), 2 ** 33, 4))).toEqual(RANDINT.wideNeg)
    expect(Array.from(g.randint(-(2 ** 52), 2 ** 52, 4))).toEqual(RANDINT.r2_52)
    expect(Array.from(g.randint(3, 4, 3))).toEqual(RANDINT.one)
  })

  it('reproduces 10000 draws each from a 32-bit and a 64-bit range', () => {
    const g = new Generator(2024)
    const narrow = g.randint(0, 182625, 10000)
    const wide = Array.from(g.randint(-(2 ** 40), 2 ** 40, 10000), (v) => BigInt.asUintN(64, BigInt(v)))
    const words = [
      ...narrow,
      ...wide.map((v) => Number(v >> 32n)),
      ...wide.map((v) => Number(v & 0xffffffffn))
    ]
    expect(fnv1a(words)).toBe(BULK.randint_bulk.hash)
  })

  it('rejects empty, fractional and over-wide ranges', () => {
    const g = new Generator(1)
    expect(() => g.randint(5, 5, 1)).toThrow(RangeError)
    expect(() => g.randint(0, 2.5, 1)).toThrow(RangeError)
    expect(() => g.randint(-(2 ** 53) + 1, 2 ** 53 - 1, 1)).toThrow(RangeError)
  })
})

describe('one stream shared by every method', () => {
  it('interleaves randn, randint and rand as PyTorch does', () => {
    const g = new Generator(99)
    const [n20, ints, n2, u2, n1] = MIXED
    expect(maxUlp(g.randn(20), n20)).toBe(0)
    expect(Array.from(g.randint(0, 100, 3))).toEqual(ints)
    expect(maxUlp(g.randn(2), n2)).toBeLessThanOrEqual(1)
    expect(Array.from(g.rand(2))).toEqual(u2)
    expect(maxUlp(g.randn(1), n1)).toBeLessThanOrEqual(1)
  })
})
