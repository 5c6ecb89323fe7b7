// Property-based: the engine's broadcasting ops, reductions and matmul against a naive reference written from the
// definitions (double arithmetic, rounded to float32 once), on random shapes and broadcasts.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as T from '../../src/core/tensor'
import { Tensor } from '../../src/core/tensor'

/** A shape and a second shape that broadcasts with it (some dims 1, some dropped from the left). */
const broadcastPair = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 4 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      fc.integer({ min: 0, max: shape.length })
    )
  )
  .map(([shape, ones, drop]) => [shape, shape.map((s, i) => (ones[i] ? 1 : s)).slice(drop)] as const)

function values(n: number, seed: number): number[] {
  const out: number[] = []
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out.push(Math.fround((s / 2 ** 32) * 4 - 2))
  }
  return out
}

const numel = (shape: readonly number[]) => shape.reduce((p, x) => p * x, 1)

/** The flat index in `shape` (right-aligned inside `out`) that output coordinate `coord` reads. */
function source(coord: number[], shape: readonly number[]): number {
  const off = coord.length - shape.length
  let idx = 0
  for (let d = 0; d < shape.length; d++) idx = idx * shape[d] + (shape[d] === 1 ? 0 : coord[off + d])
  return idx
}

function coords(shape: readonly number[]): number[][] {
  const out: number[][] = [[]]
  for (const s of shape) {
    const next: number[][] = []
    for (const c of out) for (let i = 0; i < s; i++) next.push([...c, i])
    out.splice(0, out.length, ...next)
  }
  return out
}

const OPS: [string, (a: T.Operand, b: T.Operand) => Tensor, (x: number, y: number) => number][] = [
  ['add', T.add, (x, y) => x + y],
  ['sub', T.sub, (x, y) => x - y],
  ['mul', T.mul, (x, y) => x * y],
  ['div', T.div, (x, y) => x / y],
  ['maximum', T.maximum, (x, y) => Math.max(x, y)]
]

describe('broadcasting ops against the naive definition', () => {
  it.each(OPS)('%s on random broadcastable shapes, in either order', (_name, op, ref) => {
    fc.assert(
      fc.property(broadcastPair, fc.boolean(), fc.nat(), ([sa, sb], swap, seed) => {
        const [shapeA, shapeB] = swap ? [sb, sa] : [sa, sb]
        const a = Tensor.fromValues(values(numel(shapeA), seed), shapeA)
        const b = Tensor.fromValues(values(numel(shapeB), seed + 1), shapeB)
        const out = op(a, b)
        const outShape = shapeA.length >= shapeB.length ? shapeA.map((s, i) => Math.max(s, shapeB[i - (shapeA.length - shapeB.length)] ?? 1)) : shapeB.map((s, i) => Math.max(s, shapeA[i - (shapeB.length - shapeA.length)] ?? 1))
        expect(out.shape).toEqual(outShape)
        const av = a.values()
        const bv = b.values()
        const ov = out.values()
        coords(outShape).forEach((c, i) => {
          expect(ov[i]).toBe(Math.fround(ref(av[source(c, shapeA)], bv[source(c, shapeB)])))
        })
      }),
      { numRuns: 300, seed: 1 }
    )
  })

  it('raises the broadcast error, naming both shapes, exactly when sizes clash', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), (sa, sb) => {
        const n = Math.max(sa.length, sb.length)
        const clash = [...Array(n).keys()].some((i) => {
          const x = sa[sa.length - n + i] ?? 1
          const y = sb[sb.length - n + i] ?? 1
          return x !== y && x !== 1 && y !== 1
        })
        const run = () => T.add(T.zeros(sa), T.zeros(sb))
        if (clash) expect(run).toThrow(/must match the size of tensor b.*don't broadcast/)
        else expect(run).not.toThrow()
      }),
      { numRuns: 300, seed: 2 }
    )
  })
})

describe('reductions and matmul against the naive definition', () => {
  it('sum over any dim, with and without keepdim', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean(), fc.nat(), (shape, d0, keepdim, seed) => {
        const dim = d0 % shape.length
        const a = Tensor.fromValues(values(numel(shape), seed), shape)
        const out = T.sum(a, dim, keepdim)
        const expected = shape.filter((_, i) => i !== dim)
        const ov = out.values()
        const av = a.values()
        coords(expected).forEach((c, i) => {
          let s = 0
          for (let k = 0; k < shape[dim]; k++) {
            const full = [...c.slice(0, dim), k, ...c.slice(dim)]
            s += av[source(full, shape)]
          }
          expect(ov[i]).toBeCloseTo(Math.fround(s), 5)
        })
        expect(out.shape).toEqual(keepdim ? shape.map((s, i) => (i === dim ? 1 : s)) : expected)
      }),
      { numRuns: 300, seed: 3 }
    )
  })

  it('matmul of (n, k) @ (k, m), also through transposed views', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), fc.nat(), (n, k, m, transposed, seed) => {
        const a = Tensor.fromValues(values(n * k, seed), [n, k])
        const bData = values(k * m, seed + 7)
        const b = transposed ? T.t(Tensor.fromValues(T.t(Tensor.fromValues(bData, [k, m])).toArray(), [m, k])) : Tensor.fromValues(bData, [k, m])
        const out = T.matmul(a, b)
        const av = a.values()
        const ov = out.values()
        for (let i = 0; i < n; i++)
          for (let j = 0; j < m; j++) {
            let s = 0
            for (let p = 0; p < k; p++) s += av[i * k + p] * bData[p * m + j]
            expect(ov[i * m + j]).toBeCloseTo(Math.fround(s), 5)
          }
      }),
      { numRuns: 300, seed: 4 }
    )
  })
})
