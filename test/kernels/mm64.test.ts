import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mm64 } from '../../src/core/kernels/mm64'
import { MM64_WASM_BASE64 } from '../../src/core/kernels/mm64.wasm'
import { mmKernel } from '../../src/core/tensor/linalg'

function random(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n)
  let s = seed
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648
    a[i] = ((s / 2147483648) * 2 - 1) * scale
  }
  return a
}

/** The engine's product of strided float32 views: copied to doubles as mm() does, then mmKernel. */
function engine(a: Float32Array, ao: number, sa0: number, sa1: number, b: Float32Array, bo: number, sb0: number, sb1: number, n: number, k: number, m: number): Float32Array {
  const av = new Float64Array(n * k)
  const bv = new Float64Array(k * m)
  for (let i = 0; i < n; i++) for (let p = 0; p < k; p++) av[i * k + p] = a[ao + i * sa0 + p * sa1]
  for (let p = 0; p < k; p++) for (let j = 0; j < m; j++) bv[p * m + j] = b[bo + p * sb0 + j * sb1]
  const out = new Float32Array(n * m)
  mmKernel(av, bv, out, n, k, m, new Float64Array(m))
  return out
}

function firstDifference(x: Float32Array, y: Float32Array): number {
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i
  return -1
}

describe('the double-accumulating matrix product (mm64.wat)', () => {
  it('is the compiled mm64.wat (run node scripts/build-wasm.mjs after editing it)', async () => {
    const { compileWat } = await import(join(__dirname, '../../scripts/build-wasm.mjs'))
    const bytes: Buffer = await compileWat(join(__dirname, '../../src/core/kernels/mm64.wat'))
    expect(bytes.toString('base64')).toBe(MM64_WASM_BASE64)
  })

  const k64 = mm64()
  it('compiles here', () => expect(k64).not.toBeNull())

  const sizes: [number, number, number][] = [
    [32, 30, 200],
    [32, 200, 27],
    [200, 32, 27],
    [30, 32, 200],
    [1, 1, 1],
    [3, 5, 7],
    [5, 3, 9],
    [2, 17, 16],
    [7, 1, 10]
  ]
  for (const [n, k, m] of sizes)
    it(`multiplies (${n}, ${k}) @ (${k}, ${m}) as the engine does, bit for bit, in the three layouts`, () => {
      const a = random(n * k + 5, n * 7 + k, 2)
      const b = random(k * m + 3, m * 3 + 1, 0.7)
      // some exact zeros in A: the engine skips those factors
      for (let i = 0; i < a.length; i += 7) a[i] = 0
      const layouts: [string, number, number, number, number, number, number][] = [
        // A @ B, A.T @ B (A stored (k, n)), A @ B.T (B stored (m, k)); offsets of 2 and 1
        ['nn', 2, k, 1, 1, m, 1],
        ['tn', 2, 1, n, 1, m, 1],
        ['nt', 2, k, 1, 1, 1, k]
      ]
      for (const [, ao, sa0, sa1, bo, sb0, sb1] of layouts) {
        const want = engine(a, ao, sa0, sa1, b, bo, sb0, sb1, n, k, m)
        const got = new Float32Array(n * m)
        k64!.mm(a, ao, sa0, sa1, b, bo, sb0, sb1, got, n, k, m)
        expect(firstDifference(got, want)).toBe(-1)
      }
    })

  it('skips zero factors as the engine does when B holds infinities and NaN', () => {
    const [n, k, m] = [9, 6, 19]
    const a = random(n * k, 5)
    const b = random(k * m, 9)
    for (let i = 0; i < n * k; i += 4) a[i] = i % 8 === 0 ? 0 : -0
    b[3] = Infinity
    b[m + 5] = -Infinity
    b[2 * m + 11] = NaN
    a[k + 1] = NaN
    const want = engine(a, 0, k, 1, b, 0, m, 1, n, k, m)
    const got = new Float32Array(n * m)
    k64!.mm(a, 0, k, 1, b, 0, m, 1, got, n, k, m)
    expect(firstDifference(got, want)).toBe(-1)
    expect(got.some((x) => Number.isNaN(x))).toBe(true)
  })

  it('keeps the engine results where sums overflow float32 or cancel to zero', () => {
    const [n, k, m] = [4, 3, 10]
    const a = Float32Array.from({ length: n * k }, (_, i) => (i % 2 === 0 ? 3e38 : -3e38))
    const b = Float32Array.from({ length: k * m }, (_, i) => (i % 3 === 0 ? 1 : i % 3 === 1 ? -1 : 0))
    const want = engine(a, 0, k, 1, b, 0, m, 1, n, k, m)
    const got = new Float32Array(n * m)
    k64!.mm(a, 0, k, 1, b, 0, m, 1, got, n, k, m)
    expect(firstDifference(got, want)).toBe(-1)
  })
})
