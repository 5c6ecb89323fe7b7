import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createMlpKernels } from '../../src/core/kernels/mlp'
import { MLP_WASM_BASE64 } from '../../src/core/kernels/mlp.wasm'

function random(a: Float32Array, scale = 1): Float32Array {
  let s = 12345
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648
    a[i] = ((s / 2147483648) * 2 - 1) * scale
  }
  return a
}

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)
function ulps(a: number, b: number): number {
  f32[0] = a
  const ia = u32[0] | 0
  f32[0] = b
  return Math.abs(ia - (u32[0] | 0))
}

describe('the kernels', () => {
  it('are the compiled mlp.wat (run node scripts/build-wasm.mjs after editing it)', async () => {
    const { compileWat } = await import(join(__dirname, '../../scripts/build-wasm.mjs'))
    const bytes: Buffer = await compileWat(join(__dirname, '../../src/core/kernels/mlp.wat'))
    expect(bytes.toString('base64')).toBe(MLP_WASM_BASE64)
  })

  const simd = createMlpKernels(400_000)
  const js = createMlpKernels(0, { simd: false })

  it('compile and run with SIMD here', () => expect(simd.simd).toBe(true))

  it.each([
    [32, 30, 200],
    [32, 200, 27],
    [5, 7, 3],
    [3, 33, 35],
    [1, 1, 1]
  ])('multiply (%i, %i) @ (%i) like the plain loops, in all three layouts', (n, k, m) => {
    for (const [name, shapeA, shapeB, shapeC] of [
      ['nn', n * k, k * m, n * m],
      ['tn', n * k, n * m, k * m],
      ['nt', n * k, m * k, n * m]
    ] as const) {
      const a = random(simd.alloc(shapeA))
      const b = random(simd.alloc(shapeB), 0.5)
      const c = simd.alloc(shapeC)
      const ja = Float32Array.from(a)
      const jb = Float32Array.from(b)
      const jc = new Float32Array(shapeC)
      simd[name](a, b, c, n, k, m)
      js[name](ja, jb, jc, n, k, m)
      for (let i = 0; i < shapeC; i++) expect(Math.abs(c[i] - jc[i])).toBeLessThan(1e-5 * (1 + Math.abs(jc[i])))
    }
  })

  it('update parameters by axpy in float32', () => {
    const x = random(simd.alloc(1003))
    const y = random(simd.alloc(1003), 2)
    const jy = Float32Array.from(y)
    simd.axpy(x, y, -0.1)
    js.axpy(Float32Array.from(x), jy, -0.1)
    expect(Array.from(y)).toEqual(Array.from(jy))
  })

  it('compute tanh within 2 ulp of the correctly rounded value over a wide range', () => {
    const n = 4096
    const H = 8
    const hpre = simd.alloc(n * H)
    for (let i = 0; i < hpre.length; i++) hpre[i] = (i / hpre.length) * 24 - 12
    const zero = simd.alloc(H)
    const one = simd.alloc(H).fill(1)
    const bnraw = simd.alloc(n * H)
    const h = simd.alloc(n * H)
    simd.bnTanh(hpre, zero, one, one, zero, bnraw, h, n, H)
    let worst = 0
    for (let i = 0; i < h.length; i++) worst = Math.max(worst, ulps(h[i], Math.tanh(hpre[i])))
    expect(worst).toBeLessThanOrEqual(2)
    expect(h[0]).toBe(-1)
    expect(h[h.length - 1]).toBeCloseTo(1, 6)
  })

  it('run the tanh and batch-norm backward as the plain loops do', () => {
    const n = 32
    const H = 64
    const a = (k: number, s = 1) => random(simd.alloc(k), s)
    const [dh, h, bnraw, gain, inv] = [a(n * H), a(n * H, 0.9), a(n * H, 2), a(H, 1.2), a(H, 3)]
    const out = [simd.alloc(n * H), simd.alloc(H), simd.alloc(H), simd.alloc(H)]
    const jsIn = [dh, h, bnraw, gain, inv].map((x) => Float32Array.from(x))
    const jsOut = out.map((x) => new Float32Array(x.length))
    simd.bnTanhBackward(dh, h, bnraw, gain, inv, out[0], out[1], out[2], out[3], n, H)
    js.bnTanhBackward(jsIn[0], jsIn[1], jsIn[2], jsIn[3], jsIn[4], jsOut[0], jsOut[1], jsOut[2], jsOut[3], n, H)
    for (let k = 0; k < out.length; k++)
      for (let i = 0; i < out[k].length; i++) expect(Math.abs(out[k][i] - jsOut[k][i])).toBeLessThan(2e-5 * (1 + Math.abs(jsOut[k][i])))
  })
})
