import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as K from '../../src/core/compile/kernels'
import { BINARY_OPS, createReplayMemory, mm64, UNARY_KINDS } from '../../src/core/kernels/replay'
import { REPLAY_FMA_WASM_BASE64, REPLAY_WASM_BASE64 } from '../../src/core/kernels/replay.wasm'
import { setFlagsFromString } from 'node:v8'
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

describe('the double-accumulating matrix product (replay.wat)', () => {
  it('is the compiled replay.wat, in both its forms (run node scripts/build-wasm.mjs after editing it)', async () => {
    const { shippedForms } = await import(join(__dirname, '../../scripts/build-wasm.mjs'))
    const forms: [string, Buffer][] = await shippedForms('replay.wat')
    expect(forms.map(([name, bytes]) => [name, bytes.toString('base64')])).toEqual([
      ['REPLAY_WASM_BASE64', REPLAY_WASM_BASE64],
      ['REPLAY_FMA_WASM_BASE64', REPLAY_FMA_WASM_BASE64]
    ])
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

// The replay memory's kernels against kernels.ts's float32 loops (which kernels32.test.ts checks against the
// engine's general loops), bit for bit, on values with zeros of both signs, infinities, NaN, subnormals and overflow.
// The fused form (the product's multiply-adds as relaxed SIMD) must give the plain form's bits: each product of two
// float32 values is exact in double, so fusing the add skips no rounding. Node 20 has relaxed SIMD behind a flag.
describe("replay.wat's fused form", () => {
  setFlagsFromString('--experimental-wasm-relaxed-simd')
  const x = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(REPLAY_FMA_WASM_BASE64, 'base64')), {}).exports as {
    memory: WebAssembly.Memory
    mm: (...args: number[]) => void
  }
  x.memory.grow(64)
  const f32 = new Float32Array(x.memory.buffer)
  const A = 16
  const B = A + 4 * 40_000
  const B64 = B + 4 * 40_000
  const OUT = B64 + 8 * 40_000
  const ACC = OUT + 4 * 40_000
  function fusedMm(a: Float32Array, sa0: number, sa1: number, b: Float32Array, sb0: number, sb1: number, n: number, k: number, m: number): Float32Array {
    f32.set(a, A / 4)
    f32.set(b, B / 4)
    x.mm(A, sa0, sa1, B, sb0, sb1, OUT, n, k, m, B64, ACC)
    return f32.slice(OUT / 4, OUT / 4 + n * m)
  }
  for (const [n, k, m] of [[32, 30, 200], [32, 200, 27], [200, 32, 27], [6, 9, 24], [3, 5, 7], [5, 4, 19]] as const)
    it(`multiplies (${n}, ${k}) @ (${k}, ${m}) as the engine does, with and without non-finite values in B`, () => {
      const a = random(n * k, n + 3 * k, 3)
      const b = random(k * m, m + 11, 0.9)
      for (let i = 0; i < a.length; i += 5) a[i] = i % 10 === 0 ? 0 : -0
      expect(firstDifference(fusedMm(a, k, 1, b, m, 1, n, k, m), engine(a, 0, k, 1, b, 0, m, 1, n, k, m))).toBe(-1)
      expect(firstDifference(fusedMm(a, 1, n, b, 1, k, n, k, m), engine(a, 0, 1, n, b, 0, 1, k, n, k, m))).toBe(-1)
      b[m + 1] = Infinity
      b[2 * m] = NaN
      expect(firstDifference(fusedMm(a, k, 1, b, m, 1, n, k, m), engine(a, 0, k, 1, b, 0, m, 1, n, k, m))).toBe(-1)
    })

  it("uses relaxed_madd in the product's block (the plain form does not)", async () => {
    const { fusedReplay } = await import(join(__dirname, '../../scripts/build-wasm.mjs'))
    const { readFileSync } = await import('node:fs')
    const text = readFileSync(join(__dirname, '../../src/core/kernels/replay.wat'), 'utf8')
    expect(text).not.toContain('relaxed_madd')
    expect((fusedReplay(text) as string).match(/f64x2\.relaxed_madd/g)).toHaveLength(8)
  })
})

describe('the replay memory (replay.wat on addresses)', () => {
  const mem = createReplayMemory(16 << 20)
  it('is available here', () => expect(mem).not.toBeNull())
  const m = mem!

  function special(n: number, seed: number): Float32Array {
    const a = random(n, seed, 4)
    const edge = [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 3e38, -3e38, 1e-30]
    for (let i = 0; i < n; i += 3) a[i] = edge[(i / 3 + seed) % edge.length]
    return a
  }
  function inMemory(values: Float32Array): Float32Array {
    const a = m.alloc(values.length)!
    a.set(values)
    return a
  }
  const addr = (a: Float32Array) => m.addr(a)

  it('hands out zeroed, aligned arrays in its memory, and says when it is full', () => {
    const small = createReplayMemory(65536)!
    const a = small.alloc(5)!
    expect(a.every((x) => x === 0)).toBe(true)
    expect(small.addr(a) % 16).toBe(0)
    expect(small.addr(new Float32Array(4))).toBe(-1)
    expect(small.alloc(65536)).toBeNull()
    expect(small.scratch64(65536)).toBe(-1)
  })

  for (const [rows, len] of [[5, 7], [32, 200], [1, 27], [3, 1], [4, 0], [2, 6]] as const)
    it(`+ - * / over (${rows}, ${len}) in every pair of operand modes as binary32`, () => {
      const n = rows * len
      const operand = (mode: number, seed: number): { data: Float32Array | null; scalar: number } => {
        if (mode === K.SCALAR) return { data: null, scalar: special(seed + 1, seed)[seed % (seed + 1)] }
        const size = mode === K.CONTIG ? n : mode === K.ROW ? len : rows
        return { data: inMemory(special(size + 1, seed).subarray(1)), scalar: 0 }
      }
      for (const op of ['+', '-', '*', '/'] as const)
        for (const ma of [K.CONTIG, K.ROW, K.COL, K.SCALAR])
          for (const mb of [K.CONTIG, K.ROW, K.COL, K.SCALAR]) {
            const a = operand(ma, 3 + ma)
            const b = operand(mb, 11 + mb)
            const plan = { rows, len, ma, mb }
            const want = new Float32Array(n)
            K.binary32(op, want, plan, a.data, 0, a.scalar, b.data, 0, b.scalar)
            const got = m.alloc(n)!
            m.binary(BINARY_OPS[op], addr(got), rows, len, a.data === null ? 0 : addr(a.data), ma, a.scalar, b.data === null ? 0 : addr(b.data), mb, b.scalar)
            expect(firstDifference(got, want), `${op} modes ${ma} ${mb}`).toBe(-1)
          }
    })

  it('writes in place (o = a) as binary32 does', () => {
    const a = inMemory(special(203, 5))
    const b = inMemory(special(203, 6))
    const want = new Float32Array(a)
    K.binary32('-', want, { rows: 1, len: 203, ma: K.CONTIG, mb: K.CONTIG }, want, 0, 0, b, 0, 0)
    m.binary(BINARY_OPS['-'], addr(a), 1, 203, addr(a), K.CONTIG, 0, addr(b), K.CONTIG, 0)
    expect(firstDifference(a, want)).toBe(-1)
  })

  for (const kind of Object.keys(UNARY_KINDS) as K.Unary32[])
    it(`${kind} as unary32`, () => {
      for (const n of [0, 1, 3, 4, 203]) {
        const x = inMemory(special(n, 9))
        const want = new Float32Array(n)
        K.unary32(kind, want, n, x, 0, 0)
        const got = m.alloc(n)!
        m.unary(UNARY_KINDS[kind], addr(got), addr(x), n)
        expect(firstDifference(got, want), `n ${n}`).toBe(-1)
      }
    })

  for (const [rows, cols] of [[32, 200], [32, 27], [7, 1], [5, 3], [1, 8]] as const)
    it(`sums (${rows}, ${cols}) over rows and over columns as sumColumns32 and sumGroups32`, () => {
      const src = inMemory(special(rows * cols, rows + cols))
      const wantCols = new Float32Array(cols)
      K.sumColumns32(wantCols, rows, cols, src, 0, new Float64Array(cols))
      const gotCols = m.alloc(cols)!
      m.sumCols(addr(gotCols), addr(src), rows, cols, m.scratch64(cols))
      expect(firstDifference(gotCols, wantCols)).toBe(-1)
      const wantRows = new Float32Array(rows)
      K.sumGroups32(wantRows, rows, cols, src, 0, null)
      const gotRows = m.alloc(rows)!
      m.sumRows(addr(gotRows), addr(src), rows, cols)
      expect(firstDifference(gotRows, wantRows)).toBe(-1)
    })

  it('multiplies operands in place as mm64 does', () => {
    const [n, k, m2] = [32, 30, 27]
    const a = inMemory(random(n * k, 4, 2))
    const b = inMemory(random(k * m2, 8, 1))
    for (let i = 0; i < a.length; i += 5) a[i] = 0
    for (const [sa0, sa1, sb0, sb1] of [[k, 1, m2, 1], [1, n, m2, 1], [k, 1, 1, k]]) {
      const want = new Float32Array(n * m2)
      mm64()!.mm(a, 0, sa0, sa1, b, 0, sb0, sb1, want, n, k, m2)
      const got = m.alloc(n * m2)!
      m.mm(addr(a), sa0, sa1, addr(b), sb0, sb1, addr(got), n, k, m2, m.scratch64(k * m2), m.scratch64(m2))
      expect(firstDifference(got, want)).toBe(-1)
    }
  })
})
