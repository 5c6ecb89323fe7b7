// The float32 helpers behind the vectorised normal path.
import { describe, expect, it } from 'vitest'
import { logAvx, sincosAvx } from '../../src/core/random/avx-mathfun'
import { fmaf } from '../../src/core/random/float32'
import { ulpDistance } from './ulp'

describe('fmaf', () => {
  it('rounds once where a double sum would round twice', () => {
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 sits exactly between two floats; a tiny c must tip it, not be lost.
    const a = Math.fround(1 + 2 ** -12)
    const tie = 1 + 2 ** -11
    expect(fmaf(a, a, 2 ** -80)).toBe(tie + 2 ** -23)
    expect(fmaf(a, a, -(2 ** -80))).toBe(tie)
    expect(fmaf(a, a, 0)).toBe(tie)
    expect(Math.fround(a * a + 2 ** -80)).toBe(tie)
  })

  it('agrees with plain rounding when no tie is involved', () => {
    expect(fmaf(Math.fround(0.1), Math.fround(3), Math.fround(0.2))).toBe(Math.fround(0.1 * 3 + 0.2))
  })
})

describe('avx_mathfun emulation', () => {
  it('logAvx stays within a few ulp of the true log over (0, 1]', () => {
    for (let i = 1; i <= 1 << 24; i += 4099) {
      const x = Math.fround(i * 2 ** -24)
      expect(ulpDistance(logAvx(x), Math.log(x))).toBeLessThanOrEqual(3)
    }
    expect(logAvx(1)).toBe(0)
  })

  it('sincosAvx stays within a few ulp of the true sin and cos over [0, 2π)', () => {
    for (let i = 0; i < 1 << 24; i += 4099) {
      const x = Math.fround(Math.fround(2 * Math.PI) * i * 2 ** -24)
      const [s, c] = sincosAvx(x)
      // Near a zero of sin or cos, relative error is meaningless; compare absolutely there.
      if (Math.abs(Math.sin(x)) > 1e-3) expect(ulpDistance(s, Math.sin(x))).toBeLessThanOrEqual(4)
      else expect(Math.abs(s - Math.sin(x))).toBeLessThan(1e-7)
      if (Math.abs(Math.cos(x)) > 1e-3) expect(ulpDistance(c, Math.cos(x))).toBeLessThanOrEqual(4)
      else expect(Math.abs(c - Math.cos(x))).toBeLessThan(1e-7)
    }
  })
})
