// CPython's random module, against values printed by CPython 3.11 (see expected.ts) and the fixtures' word order.
import { describe, expect, it } from 'vitest'
import { PyRandom } from '../../src/core/random/cpython'
import { seedKey } from '../../src/core/random/cpython-seed'
import { BELOW, BITS, PY_BY_SEED, PY_SHUFFLE_1000 } from './expected'
import { parseNames } from '../../src/core/exercise/dataset'
import { loadFixture } from '../fixtures'
import { NAMES } from '../model'

describe('PyRandom', () => {
  for (const [seed, expected] of Object.entries(PY_BY_SEED)) {
    it(`follows random.Random(${seed}) through random, getrandbits, _randbelow and shuffle`, () => {
      const r = new PyRandom(BigInt(seed))
      expect([r.random(), r.random(), r.random()]).toEqual(expected.random)
      expect(BITS.map((k) => r.getrandbits(k).toString())).toEqual(expected.bits)
      expect(BELOW.map((n) => r.randbelow(n))).toEqual(expected.below)
      const items = Array.from({ length: 12 }, (_, i) => i)
      r.shuffle(items)
      expect(items).toEqual(expected.shuffle)
    })
  }

  it('shuffles a long list as CPython does', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i)
    new PyRandom(5).shuffle(items)
    expect(items.slice(0, 20)).toEqual(PY_SHUFFLE_1000.head)
    expect(items.slice(-5)).toEqual(PY_SHUFFLE_1000.tail)
  })

  it('seeds from |n|, split into little-endian 32-bit words', () => {
    expect(seedKey(0)).toEqual([0])
    expect(seedKey(-7)).toEqual([7])
    expect(seedKey(2n ** 32n + 3n)).toEqual([3, 1])
    expect(new PyRandom(-42).random()).toBe(new PyRandom(42).random())
    expect(new PyRandom(42n).random()).toBe(new PyRandom(42).random())
  })

  it('reseeds in place', () => {
    const r = new PyRandom(1)
    const first = r.random()
    r.seed(1)
    expect(r.random()).toBe(first)
  })

  it('draws nothing for getrandbits(0) and agrees between number and bigint randbelow', () => {
    const a = new PyRandom(3)
    const b = new PyRandom(3)
    expect(a.getrandbits(0)).toBe(0n)
    expect(a.randbelow(1000)).toBe(Number(b.randbelow(1000n)))
    expect(a.randbelow(2 ** 40 + 1)).toBe(Number(b.randbelow(2n ** 40n + 1n)))
  })

  it('rejects what it cannot mirror', () => {
    expect(() => new PyRandom(0.5)).toThrow(TypeError)
    expect(() => new PyRandom(1).randbelow(0)).toThrow(RangeError)
    expect(() => new PyRandom(1).randbelow(2 ** 53 + 2)).toThrow(RangeError)
    expect(() => new PyRandom(1).getrandbits(-1)).toThrow(RangeError)
  })
})

describe('the fixtures\' shuffled names', () => {
  const names = parseNames(NAMES)
  for (const fixture of ['default', 'wide'] as const) {
    it(`random.seed(shuffle_seed); random.shuffle(words) for ${fixture}`, () => {
      const fx = loadFixture(fixture)
      const words = names.slice()
      new PyRandom(fx.config.shuffle_seed).shuffle(words)
      expect(words.slice(0, 10)).toEqual(fx.dataset.first_shuffled)
    })
  }
})
