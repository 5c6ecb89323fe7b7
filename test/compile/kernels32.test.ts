// The replay's float32-only loops compute what the engine's general ones do, bit for bit.

import { describe, expect, it } from 'vitest'
import * as K from '../../src/core/compile/kernels'
import { powScalarKernel } from '../../src/core/tensor/elementwise'

function values(n: number): Float32Array {
  const a = new Float32Array(n)
  let s = 7
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648
    a[i] = ((s / 2147483648) * 2 - 1) * 3
  }
  a.set([0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 3e38].slice(0, n), 0)
  return a
}

const same = (x: Float32Array, y: Float32Array) => x.every((v, i) => Object.is(v, y[i]))

describe('float32 replay loops', () => {
  it.each([2, 3, -2, -1, 0.5, -0.5, 1.5, -3])('x ** %d as powScalarKernel', (e) => {
    const a = values(301)
    const want = Float32Array.from(a, powScalarKernel(e))
    const got = new Float32Array(a.length)
    K.unary32(K.powKind(e), got, a.length, a, 0, Math.fround(e))
    expect(same(got, want)).toBe(true)
  })

  it('broadcast rows, columns and scalars as the general loop', () => {
    const [rows, len] = [5, 7]
    const n = rows * len
    const full = values(n + 3)
    const row = values(len + 1).subarray(1)
    const col = values(rows + 2).subarray(2)
    const rowRel = Int32Array.from({ length: n }, (_, i) => i % len)
    const colRel = Int32Array.from({ length: n }, (_, i) => Math.floor(i / len))
    const operands: K.Operand[] = [
      { data: full, rel: null, scalar: 0, fround: false },
      { data: row, rel: rowRel, scalar: 0, fround: false },
      { data: col, rel: colRel, scalar: 0, fround: false },
      { data: null, rel: null, scalar: Math.fround(0.3), fround: false }
    ]
    for (const op of ['+', '-', '*', '/'] as const)
      for (const a of operands)
        for (const b of operands) {
          if (a.data === null && b.data === null) continue
          const ao = a.data === full ? 3 : 0
          const bo = b.data === full ? 3 : 0
          const want = new Float32Array(n)
          K.binary(op, want, n, a, ao, b, bo, false)
          const got = new Float32Array(n)
          const plan = K.plan32(got, a, b, [rows, len])
          expect(plan).not.toBeNull()
          K.binary32(op, got, plan!, a.data as Float32Array | null, ao, a.scalar, b.data as Float32Array | null, bo, b.scalar)
          expect(same(got, want)).toBe(true)
        }
  })
})
