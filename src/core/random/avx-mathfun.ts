// The float32 log and sincos of avx_mathfun.h (Cephes polynomials, as ported to AVX by Pommier and Garberoglio), which
// PyTorch's AVX2 normal_fill calls instead of libm. Emulated one lane at a time so randn matches PyTorch bit for bit.
// GCC builds those kernels with -mfma and contracts a multiply followed by an add into one FMA, always fusing the
// multiply written first; fmaf marks exactly those steps (checked against 786k PyTorch samples, no mismatch).

import { fmaf } from './float32'

const fr = Math.fround
const bitsView = new Float32Array(1)
const intView = new Int32Array(bitsView.buffer)

function toBits(x: number): number {
  bitsView[0] = x
  return intView[0]
}

function fromBits(bits: number): number {
  intView[0] = bits
  return bitsView[0]
}

const EXPONENT_MASK = 0x7f800000
const HALF_BITS = 0x3f000000
const SQRT_HALF = fr(0.707106781186547524)
const LOG_POLY = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1
].map(fr)
// ln 2 split in two so e * LN2_HI is exact and LN2_LO carries the rest.
const LN2_LO = fr(-2.12194440e-4)
const LN2_HI = fr(0.693359375)

/** log256_ps for one positive, normal float32 lane. */
export function logAvx(x: number): number {
  // Split x = m * 2^e with m in [0.5, 1), then shift to m in [sqrt(1/2), sqrt(2)) so the series argument is small.
  let e = fr(((toBits(x) >>> 23) & 0xff) - 127 + 1)
  let m = fromBits((toBits(x) & ~EXPONENT_MASK) | HALF_BITS)
  if (m < SQRT_HALF) {
    e = fr(e - 1)
    m = fr(fr(m - 1) + m)
  } else {
    m = fr(m - 1)
  }
  const z = fr(m * m)
  let y = LOG_POLY[0]
  for (let i = 1; i < LOG_POLY.length; i++) y = fmaf(y, m, LOG_POLY[i])
  y = fr(y * m)
  y = fmaf(y, z, fr(e * LN2_LO))
  y = fr(y - z * 0.5)
  return fmaf(e, LN2_HI, fr(m + y))
}

const FOUR_OVER_PI = fr(1.27323954473516)
// -π/4 in three pieces of decreasing size (Cody-Waite), each product with a small integer exact.
const MINUS_DP1 = fr(-0.78515625)
const MINUS_DP2 = fr(-2.4187564849853515625e-4)
const MINUS_DP3 = fr(-3.77489497744594108e-8)
const COS_P0 = fr(2.443315711809948e-5)
const COS_P1 = fr(-1.388731625493765e-3)
const COS_P2 = fr(4.166664568298827e-2)
const SIN_P0 = fr(-1.9515295891e-4)
const SIN_P1 = fr(8.3321608736e-3)
const SIN_P2 = fr(-1.6666654611e-1)

/** sincos256_ps for one float32 lane: [sin x, cos x]. */
export function sincosAvx(x: number): [number, number] {
  let sinSign = x < 0 ? -1 : 1
  let r = Math.abs(x)
  // Octant j (made even), then r reduced to [-π/4, π/4] around j·π/4.
  let j = Math.trunc(fr(r * FOUR_OVER_PI))
  j = (j + 1) & ~1
  if (j & 4) sinSign = -sinSign
  const cosSign = ~(j - 2) & 4 ? -1 : 1
  const sinUsesSinPoly = (j & 2) === 0
  r = fmaf(j, MINUS_DP1, r)
  r = fmaf(j, MINUS_DP2, r)
  r = fmaf(j, MINUS_DP3, r)
  const z = fr(r * r)
  let cosPoly = fmaf(COS_P0, z, COS_P1)
  cosPoly = fmaf(cosPoly, z, COS_P2)
  cosPoly = fr(cosPoly * z)
  cosPoly = fmaf(cosPoly, z, fr(-z * 0.5))
  cosPoly = fr(cosPoly + 1)
  let sinPoly = fmaf(SIN_P0, z, SIN_P1)
  sinPoly = fmaf(sinPoly, z, SIN_P2)
  sinPoly = fr(sinPoly * z)
  sinPoly = fmaf(sinPoly, r, r)
  const sin = sinUsesSinPoly ? sinPoly : cosPoly
  const cos = sinUsesSinPoly ? cosPoly : sinPoly
  return [sinSign * sin, cosSign * cos]
}
